import http from 'node:http';
import type { FuzzCase } from './fuzz-arbitraries';

/**
 * One fuzz case against the contract of decision R10: the failure reason, or none. `clientState` is the real
 * secret, which must appear in no answer.
 */
export async function tryCase(
  target: { port: number; agent: http.Agent },
  input: FuzzCase,
  clientState: string,
): Promise<{ status?: number; reason?: string }> {
  let res: Answer;
  try {
    res = await send(target, input);
  } catch (error) {
    return { reason: `no answer: ${String(error).slice(0, 200)}` };
  }
  const { status, body } = res;
  const type = res.contentType;
  if (status >= 500) return { status, reason: `answered ${status}` };
  if (body.includes(clientState)) return { status, reason: 'the answer contains the clientState' };
  if (status === 202) return body === '' ? { status } : { status, reason: '202 with a body' };
  if (status === 200) {
    const token = new URLSearchParams(input.query.slice(1)).get('validationToken');
    if (!type.startsWith('text/plain')) return { status, reason: `200 as ${type}` };
    if (body.length > 1024) return { status, reason: 'a handshake echoed more than 1 KiB' };
    return token !== null && input.path.startsWith('/graph/')
      ? { status }
      : { status, reason: '200 without a handshake' };
  }
  if (!type.startsWith('application/problem+json')) return { status, reason: `${status} as ${type}` };
  try {
    const problem = JSON.parse(body) as { status?: unknown; title?: unknown; detail?: unknown };
    if (problem.status !== status || typeof problem.title !== 'string' || typeof problem.detail !== 'string')
      return { status, reason: 'a problem+json without status, title and detail' };
    if (/\bat .+\.(ts|js):\d+/.test(body)) return { status, reason: 'a stack trace in the answer' };
  } catch {
    return { status, reason: 'problem+json that is not JSON' };
  }
  return { status };
}

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

/** One request over a real socket, as Graph (or a forger) would send it. */
function send(target: { port: number; agent: http.Agent }, input: FuzzCase): Promise<Answer> {
  const payload = Buffer.from(input.body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port: target.port,
        agent: target.agent,
        method: input.method,
        path: `${input.path}${input.query}`,
        headers: { ...input.headers, 'content-length': String(payload.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}
