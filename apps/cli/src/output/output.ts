import type { Writable } from 'node:stream';
import { toJson } from './json';

/** What commands print: results on stdout, warnings and progress on stderr (stdout stays clean for `--json`). */
export interface Output {
  line(text?: string): void;
  json(value: unknown): void;
  warn(text: string): void;
  stderr: Writable;
}

export function createOutput(stdout: Writable, stderr: Writable): Output {
  return {
    line: (text = '') => void stdout.write(`${text}\n`),
    json: (value) => void stdout.write(toJson(value)),
    warn: (text) => void stderr.write(`entra-sync: warning: ${text}\n`),
    stderr,
  };
}
