import net from 'node:net';

export { freePort } from '@entra-sync/test-infra';

/** Fails early, with the variable to change, when the HTTP port is taken. */
export function assertPortFree(port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `PORT ${port} is already in use on ${host}: stop what listens there or set PORT to another port`
            : `cannot listen on ${host}:${port}: ${err.message}`,
        ),
      ),
    );
    server.listen(port, host, () => server.close(() => resolve()));
  });
}
