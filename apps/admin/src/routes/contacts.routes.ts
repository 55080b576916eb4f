import type { FastifyInstance, FastifyReply } from 'fastify';
import { getContact, listContacts } from '@entra-sync/db';
import type { AdminContext } from '../context';
import { conflictProblem, invalidProblem } from '../http/outcome-problems';
import { offsetOf, offsetPage } from '../http/pagination';
import { uuidParam } from '../http/params';
import { notFound, sendProblem } from '../http/problem';
import { parse } from '../http/validate';
import { addContact, editContact, type ContactWriteOutcome } from '../services/contact.service';
import { contactView } from '../views/record.view';
import { contactCreateBody, contactPatchBody, contactQuery } from './record.schema';

export function contactRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/contacts', async (request) => {
    const { limit, cursor, ...filters } = parse(contactQuery, request.query, 'query');
    const offset = offsetOf(cursor);
    const rows = await listContacts(ctx.db, { ...filters, offset, limit: limit + 1 });
    return offsetPage(rows.map(contactView), offset, limit);
  });

  app.post('/contacts', async (request, reply) => {
    const outcome = await addContact(ctx.db, parse(contactCreateBody, request.body, 'body'));
    return send(reply, outcome, 'new', 201);
  });

  app.get('/contacts/:id', async (request, reply) => {
    const id = uuidParam(request, 'contact');
    const contact = await getContact(ctx.db, id);
    return contact ? contactView(contact) : sendProblem(reply, notFound('contact', id));
  });

  app.patch('/contacts/:id', async (request, reply) => {
    const id = uuidParam(request, 'contact');
    const outcome = await editContact(ctx.db, id, parse(contactPatchBody, request.body ?? {}, 'body'));
    return send(reply, outcome, id, 200);
  });
}

function send(reply: FastifyReply, outcome: ContactWriteOutcome, id: string, status: 200 | 201) {
  switch (outcome.kind) {
    case 'saved':
      if (status === 201) reply.header('location', `/api/contacts/${outcome.contact.id}`);
      return reply.code(status).send(contactView(outcome.contact));
    case 'not-found':
      return sendProblem(reply, notFound('contact', id));
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
