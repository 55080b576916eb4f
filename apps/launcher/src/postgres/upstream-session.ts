import net from 'node:net';
import { authCode, splitMessages, startupMessage, type WireMessage } from './pg-wire';

export interface UpstreamSession {
  socket: net.Socket;
  /** what the server answered to the startup (AuthenticationOk … ReadyForQuery): replayed to every client */
  greeting: Buffer;
  /** bytes that arrived after the greeting */
  leftover: Buffer;
}

/** Opens the one real session and completes its startup (trust authentication only). */
export function openUpstreamSession(
  port: number,
  host: string,
  params: Record<string, string> = { user: 'postgres', database: 'postgres' },
  timeoutMs = 30_000,
): Promise<UpstreamSession> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host });
    socket.setNoDelay(true);
    let buffer: Buffer = Buffer.alloc(0);
    const greeting: WireMessage[] = [];
    const timer = setTimeout(() => fail(new Error(`no startup answer from ${host}:${port}`)), timeoutMs);
    const fail = (err: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    };
    socket.once('error', fail);
    socket.once('close', () => fail(new Error(`${host}:${port} closed the connection during startup`)));
    socket.on('connect', () => socket.write(startupMessage(params)));
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const { messages, rest } = splitMessages(buffer);
      buffer = rest;
      for (const [index, message] of messages.entries()) {
        if (message.type === 'E') return fail(new Error('the embedded Postgres refused the session'));
        if (message.type === 'R' && authCode(message) !== 0)
          return fail(new Error('the embedded Postgres asked for a password; only trust is supported'));
        greeting.push(message);
        if (message.type === 'Z') {
          clearTimeout(timer);
          socket.removeListener('data', onData);
          socket.removeAllListeners('error');
          socket.removeAllListeners('close');
          const after = Buffer.concat([...messages.slice(index + 1).map((m) => m.bytes), buffer]);
          resolve({ socket, greeting: Buffer.concat(greeting.map((m) => m.bytes)), leftover: after });
          return;
        }
      }
    };
    socket.on('data', onData);
  });
}
