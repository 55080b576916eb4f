import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, sendProblem } from './problem';

const NUL = '\u0000';
const MESSAGE = 'must not contain the NUL character (U+0000)';

/**
 * Postgres text cannot hold U+0000, so a NUL anywhere in a request would surface as a 500 from the driver; it is
 * refused at the edge as a 400 naming the field (found by the API fuzzer, X6).
 */
export async function nulGuard(request: FastifyRequest, reply: FastifyReply) {
  const parts: Array<[string, unknown]> = [
    ['params', request.params],
    ['query', request.query],
    ['body', request.body],
  ];
  for (const [part, value] of parts) {
    const field = nulField(value, part, 0);
    if (field)
      return sendProblem(
        reply,
        problem(400, 'validation', `${field}: ${MESSAGE}`, { errors: [{ field, message: MESSAGE }] }),
      );
  }
}

function nulField(value: unknown, path: string, depth: number): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? path : null;
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    const at = `${path}.${key.replaceAll(NUL, '\\0')}`;
    if (key.includes(NUL)) return at;
    const found = nulField(child, at, depth + 1);
    if (found) return found;
  }
  return null;
}
