import { Account, AccountCreateBody, AccountListQuery, AccountPage } from '@entra-sync/api-contract';
import { createAccount, getAccount, listAccounts, type Account as StoredAccount } from '@entra-sync/db';
import type { z } from 'zod';
import type { AdminContext } from '../context';
import type { Api } from '../http/api-instance';
import { slicePage } from '../http/pagination';
import { uuidParam } from '../http/params';
import { notFound, sendProblem } from '../http/problem';
import { parse } from '../http/validate';

const accountView = (a: StoredAccount): z.output<typeof Account> => ({
  id: a.id,
  name: a.name,
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
});

export function accountRoutes(app: Api, ctx: AdminContext): void {
  const list = { summary: 'List accounts', querystring: AccountListQuery, response: { 200: AccountPage } };
  app.get('/accounts', { schema: list }, async (request) => {
    const query = parse(AccountListQuery, request.query, 'query');
    return slicePage((await listAccounts(ctx.db)).map(accountView), query.cursor, query.limit);
  });

  const create = { summary: 'Add an account', body: AccountCreateBody, response: { 201: Account } };
  app.post('/accounts', { schema: create }, async (request, reply) => {
    const account = await createAccount(ctx.db, parse(AccountCreateBody, request.body, 'body'));
    return reply.code(201).header('location', `/api/accounts/${account.id}`).send(accountView(account));
  });

  app.get(
    '/accounts/:id',
    { schema: { summary: 'One account', response: { 200: Account } } },
    async (request, reply) => {
      const id = uuidParam(request, 'account');
      const account = await getAccount(ctx.db, id);
      return account ? accountView(account) : sendProblem(reply, notFound('account', id));
    },
  );
}
