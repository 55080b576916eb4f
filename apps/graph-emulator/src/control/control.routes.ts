import type { FastifyError, FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context';
import type { FaultInjector } from '../faults/faults';
import { EmulatorError } from '../state/emulator-error';
import { registerDirectoryControl } from './directory.control';
import { registerOpsControl } from './ops.control';
import { registerTenantControl } from './tenant.control';

/** `/_emulator/*`: the test and demo control surface (JSON, loopback only, clearly not Graph). */
export function registerControlRoutes(
  root: FastifyInstance,
  ctx: EmulatorContext,
  faults: FaultInjector,
): void {
  root.register(
    async (control) => {
      control.setErrorHandler((err: FastifyError | EmulatorError, request, reply) => {
        if (err instanceof EmulatorError)
          return reply.code(err.status).send({ error: { code: err.code, message: err.message } });
        const status = typeof err.statusCode === 'number' && err.statusCode < 500 ? err.statusCode : 500;
        if (status === 500) request.log.error({ err }, 'control API failed');
        return reply
          .code(status)
          .send({ error: { code: status === 500 ? 'InternalError' : 'BadRequest', message: err.message } });
      });
      control.setNotFoundHandler((request, reply) =>
        reply.code(404).send({
          error: { code: 'NotFound', message: `No control route ${request.method} ${request.url}.` },
        }),
      );
      control.get('/health', async () => ({ ok: true }));
      registerTenantControl(control, ctx);
      registerDirectoryControl(control, ctx);
      registerOpsControl(control, ctx, faults);
    },
    { prefix: '/_emulator' },
  );
}
