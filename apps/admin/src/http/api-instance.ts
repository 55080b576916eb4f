import type { FastifyBaseLogger, FastifyInstance, FastifyTypeProvider, RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';

declare module 'fastify' {
  interface FastifySchema {
    /** one line for the OpenAPI document */
    summary?: string;
    description?: string;
  }
}

/**
 * Route schemas are the contract's zod schemas. A handler's answer is typed by its declared response schema
 * (`z.output`: dates as Dates); request parts stay `unknown` until the handler parses them (`parse`).
 */
export interface ContractTypeProvider extends FastifyTypeProvider {
  validator: unknown;
  serializer: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
}

/** `/api` as the route modules see it. */
export type Api = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ContractTypeProvider
>;

/**
 * The contract's schemas on `/api` routes. Requests are parsed by the handlers (`parse`: 400 problem+json naming
 * each field, after the path's own 404 checks), so Fastify's validation passes everything through; answers are
 * written as `JSON.stringify` writes them — the declared schemas describe them, they do not reshape them.
 */
export function withContract(api: FastifyInstance): Api {
  api.setValidatorCompiler(() => () => true);
  api.setSerializerCompiler(() => (data) => JSON.stringify(data));
  return api.withTypeProvider<ContractTypeProvider>();
}
