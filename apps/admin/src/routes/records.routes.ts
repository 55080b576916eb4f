import type { FastifyReply, FastifySchema } from 'fastify';
import type { z } from 'zod';
import {
  Contact,
  ContactCreateBody,
  ContactPatchBody,
  ContactQuery,
  Employee,
  EmployeeCreateBody,
  EmployeePatchBody,
  EmployeeQuery,
  page,
} from '@entra-sync/api-contract';
import { getRecord, listRecords, type StoredRecordOf } from '@entra-sync/db';
import type { RecordKind } from '@entra-sync/domain';
import type { AdminContext } from '../context';
import type { Api } from '../http/api-instance';
import { conflictProblem, invalidProblem } from '../http/outcome-problems';
import { offsetOf, offsetPage } from '../http/pagination';
import { uuidParam } from '../http/params';
import { notFound, sendProblem } from '../http/problem';
import { parse } from '../http/validate';
import {
  addRecord,
  editRecord,
  type RecordCreate,
  type RecordPatch,
  type RecordWriteOutcome,
} from '../services/record.service';
import { contactView, employeeView } from '../views/record.view';

/** CONTRACT.md record queries, as the handlers read them. */
interface RecordFilters {
  email?: string;
  objectId?: string;
  status?: string;
  accountId?: string;
  limit: number;
  cursor?: string;
}

/** What differs between `/api/employees` and `/api/contacts`: names, schemas and the view. */
interface KindRoutes<K extends RecordKind, R extends z.ZodType> {
  kind: K;
  path: string;
  what: string;
  query: z.ZodType<RecordFilters>;
  createBody: z.ZodType<RecordCreate<K>>;
  patchBody: z.ZodType<RecordPatch<K>>;
  resource: R;
  view: (record: StoredRecordOf<K>) => z.output<R>;
}

const contacts: KindRoutes<'contact', typeof Contact> = {
  kind: 'contact',
  path: '/contacts',
  what: 'contact',
  query: ContactQuery,
  createBody: ContactCreateBody,
  patchBody: ContactPatchBody,
  resource: Contact,
  view: contactView,
};

const employees: KindRoutes<'employee', typeof Employee> = {
  kind: 'employee',
  path: '/employees',
  what: 'employee',
  query: EmployeeQuery,
  createBody: EmployeeCreateBody,
  patchBody: EmployeePatchBody,
  resource: Employee,
  view: employeeView,
};

export function recordRoutes(app: Api, ctx: AdminContext): void {
  kindRoutes(app, ctx, contacts);
  kindRoutes(app, ctx, employees);
}

function kindRoutes<K extends RecordKind, R extends z.ZodType>(
  app: Api,
  ctx: AdminContext,
  spec: KindRoutes<K, R>,
): void {
  const { kind, path, what, resource } = spec;
  app.get(
    path,
    {
      schema: generic({
        summary: `List ${what}s`,
        querystring: spec.query,
        response: { 200: page(resource) },
      }),
    },
    async (request) => {
      const { limit, cursor, ...filters } = parse(spec.query, request.query, 'query');
      const offset = offsetOf(cursor);
      const rows = await listRecords(ctx.db, kind, { ...filters, offset, limit: limit + 1 });
      return offsetPage(rows.map(spec.view), offset, limit);
    },
  );

  app.post(
    path,
    { schema: generic({ summary: `New ${what}`, body: spec.createBody, response: { 201: resource } }) },
    async (request, reply) => {
      const outcome = await addRecord(ctx.db, kind, parse(spec.createBody, request.body, 'body'));
      return send(reply, spec, outcome, 'new', 201);
    },
  );

  app.get(
    `${path}/:id`,
    { schema: generic({ summary: `One ${what}`, response: { 200: resource } }) },
    async (request, reply) => {
      const id = uuidParam(request, what);
      const record = await getRecord(ctx.db, kind, id);
      return record ? spec.view(record) : sendProblem(reply, notFound(what, id));
    },
  );

  app.patch(
    `${path}/:id`,
    {
      schema: generic({
        summary: `Local edit of one ${what} (S4.2)`,
        body: spec.patchBody,
        response: { 200: resource },
      }),
    },
    async (request, reply) => {
      const id = uuidParam(request, what);
      const outcome = await editRecord(ctx.db, kind, id, parse(spec.patchBody, request.body ?? {}, 'body'));
      return send(reply, spec, outcome, id, 200);
    },
  );
}

/** Fastify cannot resolve a reply type from the generic `R`; `spec.view` types every answer instead. */
const generic = (schema: FastifySchema): FastifySchema => schema;

function send<K extends RecordKind, R extends z.ZodType>(
  reply: FastifyReply,
  spec: KindRoutes<K, R>,
  outcome: RecordWriteOutcome<K>,
  id: string,
  status: 200 | 201,
) {
  switch (outcome.kind) {
    case 'saved':
      if (status === 201) reply.header('location', `/api${spec.path}/${outcome.record.id}`);
      return reply.code(status).send(spec.view(outcome.record));
    case 'not-found':
      return sendProblem(reply, notFound(spec.what, id));
    case 'invalid':
      return sendProblem(reply, invalidProblem(outcome.problems));
    case 'username-taken':
      return sendProblem(
        reply,
        conflictProblem(
          'username-taken',
          `The username ${outcome.username} is held by another login (any case).`,
        ),
      );
  }
}
