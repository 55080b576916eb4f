import http from 'node:http';

export interface PostTarget {
  agent: http.Agent;
  hostname: string;
  port: number;
  path: string;
  headers: Record<string, string>;
}

/** The status code as text, or 'error' when no complete answer came (refused, reset, timed out). */
export type PostStatus = string;

/** Answers are read to the end so the keep-alive socket is reused; a request that fails never throws. */
export function postOnce(target: PostTarget, body: string, timeoutMs = 30_000): Promise<PostStatus> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (status: PostStatus) => {
      if (done) return;
      done = true;
      resolve(status);
    };
    const request = http.request(
      {
        agent: target.agent,
        hostname: target.hostname,
        port: target.port,
        path: target.path,
        method: 'POST',
        headers: { ...target.headers, 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (response) => {
        response.on('error', () => finish('error'));
        response.on('aborted', () => finish('error'));
        response.on('end', () => finish(String(response.statusCode ?? 'error')));
        response.resume();
      },
    );
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', () => finish('error'));
    request.end(body);
  });
}
