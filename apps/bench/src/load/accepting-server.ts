import http from 'node:http';

/**
 * node:http alone, reading the whole body and answering 202: the bare server the receiver is held against, and the
 * load generator's warm-up target.
 */
export function acceptingServer(): http.Server {
  const server = http.createServer((request, response) => {
    request.on('data', () => undefined);
    request.on('end', () => {
      response.writeHead(202);
      response.end();
    });
  });
  // the same keep-alive window as Fastify's default, so idle load-generator sockets are not cut
  server.keepAliveTimeout = 72_000;
  return server;
}
