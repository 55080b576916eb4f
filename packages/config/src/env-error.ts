/** Thrown at start-up when the environment is invalid; the message names every bad variable. */
export class EnvError extends Error {
  constructor(readonly problems: readonly { variable: string; message: string }[]) {
    super(`Invalid environment: ${problems.map((p) => `${p.variable} ${p.message}`).join('; ')}`);
    this.name = 'EnvError';
  }
}
