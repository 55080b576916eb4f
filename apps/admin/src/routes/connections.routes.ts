import {
  ConnectionCreateBody,
  ConnectionListQuery,
  ConnectionPage,
  ConnectionPatchBody,
  Connection,
  ConnectionTestResult,
  ConnectionUpdated,
  NoContent,
  SyncStartBody,
  SyncStarted,
} from '@entra-sync/api-contract';
import { deleteConnection, getConnection, listConnections } from '@entra-sync/db';
import type { AdminContext } from '../context';
import type { Api } from '../http/api-instance';
import { conflictProblem, credentialsProblem } from '../http/outcome-problems';
import { slicePage } from '../http/pagination';
import { uuidParam } from '../http/params';
import { notFound, problem, sendProblem } from '../http/problem';
import { parse } from '../http/validate';
import { addConnection, changeConnection, testConnection } from '../services/connection.service';
import { startSync } from '../services/sync.service';
import { connectionView } from '../views/connection.view';

const nameTaken = () =>
  conflictProblem('name-taken', 'A connection with this name exists (names are unique, any case).');

/** T7: a connection with employee rules stays the staff tenant until they are gone. */
const employeeRulesProblem = (ruleIds: number[]) =>
  problem(
    409,
    'employee-rules',
    `S3.4: the connection still has employee rules (${ruleIds.map((id) => `#${id}`).join(', ')}); ` +
      'delete them or make them contact rules before unmarking it as the staff tenant.',
    { ruleIds },
  );

export function connectionRoutes(app: Api, ctx: AdminContext): void {
  const list = {
    summary: 'List connections',
    querystring: ConnectionListQuery,
    response: { 200: ConnectionPage },
  };
  app.get('/connections', { schema: list }, async (request) => {
    const query = parse(ConnectionListQuery, request.query, 'query');
    return slicePage((await listConnections(ctx.db)).map(connectionView), query.cursor, query.limit);
  });

  const create = {
    summary: 'Add a connection (credentials checked first, S7)',
    body: ConnectionCreateBody,
    response: { 201: Connection },
  };
  app.post('/connections', { schema: create }, async (request, reply) => {
    const body = parse(ConnectionCreateBody, request.body, 'body');
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

  app.get(
    '/connections/:id',
    { schema: { summary: 'One connection', response: { 200: Connection } } },
    async (request, reply) => {
      const id = uuidParam(request, 'connection');
      const connection = await getConnection(ctx.db, id);
      return connection ? connectionView(connection) : sendProblem(reply, notFound('connection', id));
    },
  );

  const patch = {
    summary: 'Rename, rotate credentials, mark the staff tenant (S3.4), disable or enable',
    body: ConnectionPatchBody,
    response: { 200: ConnectionUpdated },
  };
  app.patch('/connections/:id', { schema: patch }, async (request, reply) => {
    const id = uuidParam(request, 'connection');
    const outcome = await changeConnection(ctx, id, parse(ConnectionPatchBody, request.body ?? {}, 'body'));
    switch (outcome.kind) {
      case 'updated':
        return { ...connectionView(outcome.connection), syncRunId: outcome.syncRunId };
      case 'not-found':
        return sendProblem(reply, notFound('connection', id));
      case 'name-taken':
        return sendProblem(reply, nameTaken());
      case 'employee-rules':
        return sendProblem(reply, employeeRulesProblem(outcome.ruleIds));
      case 'credentials-rejected':
        return sendProblem(reply, credentialsProblem(outcome.failure));
    }
  });

  const remove = { summary: 'Delete a connection (records stay, S5.1)', response: { 204: NoContent } };
  app.delete('/connections/:id', { schema: remove }, async (request, reply) => {
    const id = uuidParam(request, 'connection');
    // S5.1: records stay; rules, links, mirror and Graph state of the connection go
    if (!(await deleteConnection(ctx.db, id))) return sendProblem(reply, notFound('connection', id));
    return reply.code(204).send();
  });

  const test = { summary: 'Check the stored credentials now', response: { 200: ConnectionTestResult } };
  app.post('/connections/:id/test', { schema: test }, async (request, reply) => {
    const id = uuidParam(request, 'connection');
    const outcome = await testConnection(ctx, id);
    switch (outcome.kind) {
      case 'ok':
        return {
          ok: true as const,
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

  const sync = { summary: 'Start a full sync (S8)', body: SyncStartBody, response: { 202: SyncStarted } };
  app.post('/connections/:id/sync', { schema: sync }, async (request, reply) => {
    const id = uuidParam(request, 'connection');
    parse(SyncStartBody, request.body ?? {}, 'body');
    const outcome = await startSync(ctx, id);
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
