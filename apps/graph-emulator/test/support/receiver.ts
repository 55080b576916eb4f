import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** A plain local HTTP server whose behaviour each test sets; it records every request it answered. */
export class Receiver {
  readonly received: Array<{ url: string; body: string }> = [];
  handler: Handler = (req, _body, res) => echoHandshake(req, res);
  private server: Server | null = null;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        this.received.push({ url: req.url ?? '/', body });
        this.handler(req, body, res);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('receiver has no port');
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Answers the validationToken handshake correctly and everything else with 202. */
export function echoHandshake(req: IncomingMessage, res: ServerResponse): void {
  const token = new URL(req.url ?? '/', 'http://x').searchParams.get('validationToken');
  if (token !== null) {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(token);
    return;
  }
  res.writeHead(202).end();
}
