import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { deleteConnection, getConnection, listConnections } from '@entra-sync/db';
import type { AdminContext } from '../context';
import { conflictProblem, credentialsProblem } from '../http/outcome-problems';
import { pageFields, slicePage } from '../http/pagination';
import { uuidParam } from '../http/params';
import { notFound, problem, sendProblem } from '../http/problem';
import { parse } from '../http/validate';
import { addConnection, changeConnection, testConnection } from '../services/connection.service';
import { startSync } from '../services/sync.service';
import { connectionView } from '../views/connection.view';

const text = (max: number) => z.string().trim().min(1).max(max);
const createBody = z.strictObject({
  name: text(200),
  /** tenant id (GUID) or domain */
  tenant: text(255),
  clientId: text(100),
  clientSecret: z.string().min(1).max(1000),
});
const patchBody = z.strictObject({
  name: text(200).optional(),
  tenant: text(255).optional(),
  clientId: text(100).optional(),
  clientSecret: z.string().min(1).max(1000).optional(),
  status: z
    .enum(['disabled', 'connected'], {
      message: "must be 'disabled' (stop all work) or 'connected' (enable after a credential check)",
    })
    .optional(),
});
const syncBody = z.strictObject({ confirmDeactivations: z.boolean().optional() }).default({});
const listQuery = z.object(pageFields);

const nameTaken = () =>
  conflictProblem('name-taken', 'A connection with this name exists (names are unique, any case).');

export function connectionRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/connections', async (request) => {
    const query = parse(listQuery, request.query, 'query');
    return slicePage((await listConnections(ctx.db)).map(connectionView), query.cursor, query.limit);
  });

  app.post('/connections', async (request, reply) => {
    const body = parse(createBody, request.body, 'body');
    const outcome = await addConnection(ctx, body);
    switch (outcome.kind) {
      case 'created':
        return reply
          .code(201)
          .header('location', `/api/connections/${outcome.connection.id}`)
          .send(connectionView(outcome.connection));
      case 'name-taken':
        return sendProblem(reply, nameTaken());
      case 'credentials-rejected':
        return sendProblem(reply, credentialsProblem(outcome.failure));
    }
  });

  app.get('/connections/:id', async (request, reply) => {
    const id = uuidParam(request, 'connection');
    const connection = await getConnection(ctx.db, id);
    return connection ? connectionView(connection) : sendProblem(reply, notFound('connection', id));
  });

  app.patch('/connections/:id', async (request, reply) => {
    const id = uuidParam(request, 'connection');
    const outcome = await changeConnection(ctx, id, parse(patchBody, request.body ?? {}, 'body'));
    switch (outcome.kind) {
      case 'updated':
        return { ...connectionView(outcome.connection), syncRunId: outcome.syncRunId };
      case 'not-found':
        return sendProblem(reply, notFound('connection', id));
      case 'name-taken':
        return sendProblem(reply, nameTaken());
      case 'credentials-rejected':
        return sendProblem(reply, credentialsProblem(outcome.failure));
    }
  });

  app.delete('/connections/:id', async (request, reply) => {
    const id = uuidParam(request, 'connection');
    // S5.1: records stay; rules, links, mirror and Graph state of the connection go
    if (!(await deleteConnection(ctx.db, id))) return sendProblem(reply, notFound('connection', id));
    return reply.code(204).send();
  });

  app.post('/connections/:id/test', async (request, reply) => {
    const id = uuidParam(request, 'connection');
    const outcome = await testConnection(ctx, id);
    switch (outcome.kind) {
      case 'ok':
        return {
          ok: true,
          connection: connectionView(outcome.connection),
          organization: outcome.organization,
        };
      case 'failed':
        return sendProblem(
          reply,
          credentialsProblem(outcome.failure, { connection: connectionView(outcome.connection) }),
        );
      case 'not-found':
        return sendProblem(reply, notFound('connection', id));
    }
  });

  app.post('/connections/:id/sync', async (request, reply) => {
    const id = uuidParam(request, 'connection');
    const body = parse(syncBody, request.body ?? {}, 'body');
    const outcome = await startSync(ctx, id, body);
    switch (outcome.kind) {
      case 'started':
        return reply
          .code(202)
          .header('location', `/api/sync-runs/${outcome.run.id}`)
          .send({ runId: outcome.run.id });
      case 'not-found':
        return sendProblem(reply, notFound('connection', id));
      case 'disabled':
        return sendProblem(
          reply,
          conflictProblem(
            'connection-disabled',
            'The connection is disabled: enable it (PATCH status connected) first.',
          ),
        );
      case 'queue-unavailable':
        return sendProblem(
          reply,
          problem(503, 'queue-unavailable', `The sync could not be queued: ${outcome.message}`),
        );
    }
  });
}
