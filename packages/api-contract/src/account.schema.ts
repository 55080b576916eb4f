import { z } from 'zod';
import { Id, page, pageFields, Timestamp } from './primitives';

/** A PSA customer account: contacts live under one (S0). */
export const Account = z
  .object({ id: Id, name: z.string(), createdAt: Timestamp, updatedAt: Timestamp })
  .meta({ id: 'Account' });
export type Account = z.input<typeof Account>;

export const AccountPage = page(Account);
export const AccountCreateBody = z.strictObject({ name: z.string().trim().min(1).max(200) });
export const AccountListQuery = z.object(pageFields);
