import net from 'node:net';
import {
  CANCEL_REQUEST,
  ENDS_REQUEST,
  errorResponse,
  GSSENC_REQUEST,
  OPENS_SEQUENCE,
  PROTOCOL_V3,
  queryMessage,
  readStartupPacket,
  readyStatus,
  splitMessages,
  SSL_REQUEST,
  syncMessage,
  type WireMessage,
} from './pg-wire';
import type { UpstreamSession } from './upstream-session';

interface Client {
  socket: net.Socket;
  buffer: Buffer;
  started: boolean;
  /** complete messages not yet forwarded (the client waits for the session) */
  queue: WireMessage[];
  closed: boolean;
}

export interface SessionMultiplexerOptions {
  upstream: UpstreamSession;
  host?: string;
  /** 0 picks a free port */
  port?: number;
  /** the one real session broke: nothing can use the database any more */
  onFatal: (err: Error) => void;
}

/**
 * Many client connections over PGlite's single session. A client gets the session from its first message
 * until the server is idle again (ReadyForQuery 'I' with no extended-protocol request open), so requests and
 * transactions never interleave. pglite-socket's own multiplexer (maxConnections > 1) queues single protocol
 * messages, which lets one client's Parse replace another's unnamed statement; we keep it at one connection.
 * Session state (SET, session advisory locks, named statements) is shared by all clients.
 */
export class SessionMultiplexer {
  private readonly clients = new Set<Client>();
  private holder: Client | null = null;
  private waiting: Client[] = [];
  private pendingReplies = 0;
  private openSequence = false;
  private status = 'I';
  private upstreamBuffer: Buffer;
  private closing = false;

  private constructor(
    private readonly server: net.Server,
    private readonly upstream: UpstreamSession,
    private readonly onFatal: (err: Error) => void,
  ) {
    this.upstreamBuffer = upstream.leftover;
    upstream.socket.on('data', (chunk: Buffer) => this.onUpstreamData(chunk));
    upstream.socket.on('error', (err) => this.fatal(err));
    upstream.socket.on('close', () => this.fatal(new Error('the embedded Postgres session closed')));
    server.on('connection', (socket) => this.accept(socket));
  }

  static async start(options: SessionMultiplexerOptions): Promise<SessionMultiplexer> {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    return new SessionMultiplexer(server, options.upstream, options.onFatal);
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  stats(): { clients: number; waiting: number } {
    return { clients: this.clients.size, waiting: this.waiting.length };
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const client of [...this.clients]) this.drop(client);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    const socket = this.upstream.socket;
    if (!socket.destroyed) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.end(Buffer.from([0x58, 0, 0, 0, 4])); // Terminate
        setTimeout(() => socket.destroy(), 2000).unref();
      });
    }
  }

  private accept(socket: net.Socket): void {
    if (this.closing) return void socket.destroy();
    socket.setNoDelay(true);
    const client: Client = { socket, buffer: Buffer.alloc(0), started: false, queue: [], closed: false };
    this.clients.add(client);
    socket.on('data', (chunk: Buffer) => {
      try {
        this.onClientData(client, chunk);
      } catch {
        this.drop(client);
      }
    });
    socket.on('error', () => this.drop(client));
    socket.on('close', () => this.drop(client));
  }

  private onClientData(client: Client, chunk: Buffer): void {
    client.buffer = Buffer.concat([client.buffer, chunk]);
    while (!client.started) {
      const packet = readStartupPacket(client.buffer);
      if (!packet) return;
      client.buffer = packet.rest;
      if (packet.code === SSL_REQUEST || packet.code === GSSENC_REQUEST) client.socket.write('N');
      else if (packet.code === PROTOCOL_V3) {
        client.started = true;
        client.socket.write(this.upstream.greeting);
      } else {
        if (packet.code !== CANCEL_REQUEST)
          client.socket.write(errorResponse('08P01', 'unsupported frontend protocol'));
        return this.drop(client);
      }
    }
    const { messages, rest } = splitMessages(client.buffer);
    client.buffer = rest;
    for (const message of messages) {
      // Terminate ends this client only; forwarding it would end the shared session.
      if (message.type === 'X') return this.drop(client);
      client.queue.push(message);
    }
    this.schedule(client);
  }

  private schedule(client: Client): void {
    if (client.queue.length === 0) return;
    if (this.holder === null) this.holder = client;
    if (this.holder === client) this.forward(client);
    else if (!this.waiting.includes(client)) this.waiting.push(client);
  }

  private forward(client: Client): void {
    const messages = client.queue;
    client.queue = [];
    for (const message of messages) {
      if (ENDS_REQUEST.has(message.type)) {
        this.pendingReplies += 1;
        if (message.type === 'S') this.openSequence = false;
      } else if (OPENS_SEQUENCE.has(message.type)) this.openSequence = true;
    }
    this.upstream.socket.write(Buffer.concat(messages.map((m) => m.bytes)));
  }

  private onUpstreamData(chunk: Buffer): void {
    const { messages, rest } = splitMessages(Buffer.concat([this.upstreamBuffer, chunk]));
    this.upstreamBuffer = rest;
    for (const message of messages) {
      if (message.type !== 'Z') continue;
      this.pendingReplies = Math.max(0, this.pendingReplies - 1);
      this.status = readyStatus(message);
    }
    const holder = this.holder;
    if (holder && !holder.closed && messages.length > 0)
      holder.socket.write(Buffer.concat(messages.map((m) => m.bytes)));
    this.settle();
  }

  /** Hands the session on once the holder is done; cleans up after a holder that went away mid-request. */
  private settle(): void {
    const holder = this.holder;
    if (!holder || this.pendingReplies > 0) return;
    if (holder.closed) {
      if (this.openSequence) {
        this.openSequence = false;
        this.pendingReplies += 1;
        return void this.upstream.socket.write(syncMessage());
      }
      if (this.status !== 'I') {
        this.pendingReplies += 1;
        return void this.upstream.socket.write(queryMessage('ROLLBACK'));
      }
    } else if (this.openSequence || this.status !== 'I') return;
    this.holder = null;
    const next = this.waiting.shift();
    if (next) this.schedule(next);
  }

  private drop(client: Client): void {
    if (client.closed) return;
    client.closed = true;
    client.queue = [];
    this.clients.delete(client);
    this.waiting = this.waiting.filter((c) => c !== client);
    client.socket.destroy();
    if (this.holder === client && !this.closing) this.settle();
  }

  private fatal(err: Error): void {
    if (this.closing) return;
    this.closing = true;
    for (const client of [...this.clients]) this.drop(client);
    this.server.close();
    this.onFatal(err);
  }
}
