import type { AddressInfo } from 'node:net';
import { acceptingServer } from '../load/accepting-server';

// The limit the receiver is compared against: node:http alone, reading the whole body and answering 202, in
// its own process like the receiver. Prints `{"port":N}` on stdout once listening; stops on SIGTERM.

const server = acceptingServer();

server.listen(0, process.env.HOST ?? '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});

const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
// the parent went away without a signal: do not outlive it
process.stdin.on('end', stop);
process.stdin.resume();
