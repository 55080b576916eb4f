import { type ChildProcess, spawn } from 'node:child_process';

/** A server process this test owns: started by us, stopped by its pid, never a shared service. */
export class OwnedProcess {
  private exited: Promise<number | null>;
  private alive = true;
  readonly output: string[] = [];

  constructor(private readonly child: ChildProcess) {
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 200) this.output.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    // The server's children inherit these pipes: they must not keep a test process alive after the server exits.
    for (const stream of [child.stdout, child.stderr]) (stream as { unref?: () => void } | null)?.unref?.();
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        this.alive = false;
        resolve(code);
      }),
    );
  }

  static spawn(command: string, args: readonly string[], uid?: number, gid?: number): OwnedProcess {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(uid === undefined ? {} : { uid }),
      ...(gid === undefined ? {} : { gid }),
    });
    return new OwnedProcess(child);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.alive;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.alive) this.child.kill(signal);
  }

  /** Sends `signal`, waits for the exit, SIGKILLs after `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
    if (!this.alive) return;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  tail(lines = 20): string {
    return this.output.join('').split('\n').slice(-lines).join('\n');
  }
}

export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
  owner?: OwnedProcess,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (owner && !owner.running) throw new Error(`${what}: the process exited\n${owner.tail()}`);
    if (Date.now() > deadline)
      throw new Error(`${what}: not ready within ${timeoutMs} ms\n${owner?.tail() ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
