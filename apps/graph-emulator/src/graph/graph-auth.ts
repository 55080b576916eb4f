import type { FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context';
import type { AccessClaims } from '../login/token-issuer';
import type { Tenant } from '../state/emulator-state';
import { GraphHttpError } from './graph-http';

export interface GraphCaller {
  tenant: Tenant;
  claims: AccessClaims;
}

declare module 'fastify' {
  interface FastifyRequest {
    graphCaller: GraphCaller | null;
  }
}

const READ = {
  users: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  groups: [
    'GroupMember.Read.All',
    'Group.Read.All',
    'Group.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
} as const;

const unauthorized = (message: string): GraphHttpError =>
  new GraphHttpError(401, 'InvalidAuthenticationToken', message, {
    'www-authenticate': 'Bearer realm="", error="invalid_token"',
  });

/** Validates the bearer token the way Graph does before anything else: presence, signature, lifetime, tenant. */
export function authenticate(ctx: EmulatorContext, request: FastifyRequest): GraphCaller {
  const header = request.headers.authorization;
  if (!header) throw unauthorized('Access token is empty.');
  const token = header.replace(/^Bearer\s+/i, '');
  const result = ctx.issuer.verify(token);
  if (!result.ok) {
    if (result.reason === 'expired') throw unauthorized('Lifetime validation failed, the token is expired.');
    if (result.reason === 'malformed')
      throw unauthorized('IDX14100: JWT is not well formed, there are no dots (.).');
    throw unauthorized('Access token validation failure. Invalid signature.');
  }
  const tenant = ctx.state.findTenant(result.claims.tid);
  if (!tenant) throw unauthorized('Access token validation failure. Invalid tenant.');
  return { tenant, claims: result.claims };
}

/** App-only tokens carry `roles`, delegated ones `scp`: either must grant reading the collection. */
export function requireRead(request: FastifyRequest, ...collections: Array<keyof typeof READ>): GraphCaller {
  const caller = request.graphCaller;
  if (!caller) throw unauthorized('Access token is empty.');
  const granted = new Set([...(caller.claims.roles ?? []), ...(caller.claims.scp ?? '').split(' ')]);
  for (const collection of collections) {
    if (!READ[collection].some((permission) => granted.has(permission))) {
      throw new GraphHttpError(
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      );
    }
  }
  return caller;
}
