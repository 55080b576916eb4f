import type { FastifyRequest } from 'fastify';
import { isUuid } from '../services/catalog-checks';
import { notFound, ProblemError } from './problem';

/** A uuid id from the path; anything else cannot name a row, so it is a 404 like an unknown id. */
export function uuidParam(request: FastifyRequest, what: string, name = 'id'): string {
  const value = (request.params as Record<string, string | undefined>)[name] ?? '';
  if (!isUuid(value)) throw new ProblemError(notFound(what, value));
  return value;
}

/** A numeric id (mapping rules). */
export function intParam(request: FastifyRequest, what: string, name = 'id'): number {
  const value = (request.params as Record<string, string | undefined>)[name] ?? '';
  const id = /^[1-9][0-9]{0,15}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(id)) throw new ProblemError(notFound(what, value));
  return id;
}
