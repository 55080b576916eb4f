import https from 'node:https';

/**
 * The emulator's control API (`/_emulator/*`) over HTTPS. The launcher started before the emulator's CA
 * existed, so NODE_EXTRA_CA_CERTS cannot help here: the CA is handed to this agent instead.
 */
export class EmulatorControl {
  private readonly agent: https.Agent;

  constructor(
    readonly baseUrl: string,
    caPem: string,
    private readonly timeoutMs = 10_000,
  ) {
    this.agent = new https.Agent({ ca: caPem, keepAlive: true, maxSockets: 4 });
  }

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const url = new URL(`/_emulator${path}`, this.baseUrl);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = https.request(
        url,
        {
          method,
          agent: this.agent,
          timeout: this.timeoutMs,
          headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {},
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`emulator ${method} ${path} timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
    const parsed: unknown = text === '' ? undefined : JSON.parse(text);
    if (status >= 400) {
      const message = (parsed as { error?: { message?: string } } | undefined)?.error?.message ?? text;
      throw new Error(`emulator ${method} ${path} answered ${status}: ${message}`);
    }
    return parsed as T;
  }

  close(): void {
    this.agent.destroy();
  }
}
