import type { Argument, Option, OptionValues } from 'commander';
import type { ApiClient } from './api-client';
import type { ExitCode } from './exit-codes';
import type { Io } from './io';
import type { Output } from './output/output';

export interface CommandContext {
  io: Io;
  out: Output;
  /** the command's own options as commander parsed them (camelCase keys: `--client-id` → `clientId`) */
  options: OptionValues;
  /** the command's arguments in declared order, after their parsers */
  args: unknown[];
  json: boolean;
  /** the admin API client; migrate never asks for it */
  api: () => ApiClient;
}

/** One command of the CLI (CONTRACT.md "CLI"): commander arguments and options, help text and what it does. */
export interface CommandSpec {
  /** `connection add`, `sync`, … : a first word shared by several commands makes a group */
  name: string;
  arguments?: Argument[];
  /** the arguments as usage lines show them, when the declared ones say less (`<id> | --all`) */
  usage?: string;
  options?: Option[];
  summary: string;
  description?: string;
  examples: string[];
  run(ctx: CommandContext): Promise<ExitCode>;
}

export const stringOption = (values: OptionValues, name: string): string | undefined => {
  const value: unknown = values[name];
  return typeof value === 'string' ? value : undefined;
};

export const flagOption = (values: OptionValues, name: string): boolean => values[name] === true;

export const stringArg = (args: unknown[], index: number): string | undefined => {
  const value = args[index];
  return typeof value === 'string' ? value : undefined;
};
