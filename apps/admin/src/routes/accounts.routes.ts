import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createAccount, getAccount, listAccounts, type Account } from '@entra-sync/db';
import type { AdminContext } from '../context';
import { pageFields, slicePage } from '../http/pagination';
import { uuidParam } from '../http/params';
import { notFound, sendProblem } from '../http/problem';
import { parse } from '../http/validate';

const createBody = z.strictObject({ name: z.string().trim().min(1).max(200) });
const listQuery = z.object(pageFields);

const accountView = (a: Account) => ({
  id: a.id,
  name: a.name,
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
});

export function accountRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/accounts', async (request) => {
    const query = parse(listQuery, request.query, 'query');
    return slicePage((await listAccounts(ctx.db)).map(accountView), query.cursor, query.limit);
  });

  app.post('/accounts', async (request, reply) => {
    const account = await createAccount(ctx.db, parse(createBody, request.body, 'body'));
    return reply.code(201).header('location', `/api/accounts/${account.id}`).send(accountView(account));
  });

  app.get('/accounts/:id', async (request, reply) => {
    const id = uuidParam(request, 'account');
    const account = await getAccount(ctx.db, id);
    return account ? accountView(account) : sendProblem(reply, notFound('account', id));
  });
}
