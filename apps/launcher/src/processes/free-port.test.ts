import net from 'node:net';
import { assertPortFree, freePort } from './free-port';

describe('ports', () => {
  it('says which variable to change when the HTTP port is taken', async () => {
    const server = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      await expect(assertPortFree(port, '127.0.0.1')).rejects.toThrow(
        `PORT ${port} is already in use on 127.0.0.1: stop what listens there or set PORT to another port`,
      );
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await expect(assertPortFree(port, '127.0.0.1')).resolves.toBeUndefined();
  });
});
