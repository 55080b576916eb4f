import { z } from 'zod';

/** Who acts on the API (K7): the static admin token, or an operator signed in with the MSP's Entra tenant. */
export const Actor = z.object({
  kind: z.enum(['token', 'entra']),
  /** display name: `admin token`, or the operator's Entra `name` */
  name: z.string(),
  /** the operator's Entra object id; null for the admin token */
  oid: z.string().nullable(),
  /** the operator's `preferred_username` (UPN); null for the admin token */
  username: z.string().nullable(),
});
export type Actor = z.input<typeof Actor>;

/** `GET /api/session`: who this request is, and how it authenticated. */
export const SessionInfo = z.object({
  actor: Actor,
  via: z.enum(['bearer', 'cookie']),
});
export type SessionInfo = z.input<typeof SessionInfo>;

/** `GET /auth/providers` (public): how the console may sign in besides the admin token. */
export const SignInProviders = z.object({
  entra: z.object({ loginUrl: z.string() }).nullable(),
});
export type SignInProviders = z.input<typeof SignInProviders>;
