import type { ApiClient } from './api-client';
import type { ExitCode } from './exit-codes';
import type { Io } from './io';
import type { Output } from './output/output';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** placeholder in help, e.g. `<name>` */
  value?: string;
  description: string;
}

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandContext {
  io: Io;
  out: Output;
  values: OptionValues;
  positionals: string[];
  json: boolean;
  /** the admin API client; migrate never asks for it */
  api: () => ApiClient;
}

/** One command of the CLI: its help text, its options (for `node:util` parseArgs) and what it does. */
export interface CommandSpec {
  /** `connection add`, `sync`, … (CONTRACT.md "CLI") */
  name: string;
  /** positional arguments for usage lines, e.g. `<connection>` */
  args?: string;
  /** how many positionals it takes */
  arity: [min: number, max: number];
  summary: string;
  description?: string[];
  options: Record<string, OptionSpec>;
  examples: string[];
  run(ctx: CommandContext): Promise<ExitCode>;
}

export const stringOption = (values: OptionValues, name: string): string | undefined => {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
};

export const listOption = (values: OptionValues, name: string): string[] => {
  const value = values[name];
  const all = Array.isArray(value) ? value : [value];
  return all.filter((v): v is string => typeof v === 'string');
};

export const flagOption = (values: OptionValues, name: string): boolean => values[name] === true;
