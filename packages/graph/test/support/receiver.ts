import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface ReceivedPost {
  path: string;
  body: unknown;
}

/**
 * A plain local HTTP receiver, as Graph would call it: answers the validationToken handshake (or fails it on
 * purpose) and records every JSON POST.
 */
export class TestReceiver {
  readonly posts: ReceivedPost[] = [];
  handshake: 'echo' | 'wrong-token' | 'server-error' = 'echo';
  notificationStatus = 202;
  private server: Server | null = null;
  private waiters: Array<() => void> = [];

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('receiver has no port');
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Resolves once `count` JSON posts have arrived (or rejects after `timeoutMs`). */
  async waitFor(count: number, timeoutMs = 5_000): Promise<ReceivedPost[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.posts.length < count) {
      if (Date.now() > deadline)
        throw new Error(`receiver got ${this.posts.length} posts, expected ${count}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.posts;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://receiver');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const token = url.searchParams.get('validationToken');
    if (token !== null) {
      if (this.handshake === 'server-error') return void res.writeHead(500).end();
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end(this.handshake === 'echo' ? token : 'not-the-token');
    }
    this.posts.push({
      path: url.pathname,
      body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'),
    });
    res.writeHead(this.notificationStatus).end();
    for (const wake of this.waiters.splice(0)) wake();
  }
}
