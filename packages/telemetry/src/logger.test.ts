import { Writable } from 'node:stream';
import { createLogger, jobLogger, scrubSecrets } from './logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

describe('logger', () => {
  it('S7.1 never writes client secrets, tokens or clientState', () => {
    const { lines, destination } = capture();
    const log = createLogger({ service: 'test', destination });
    log.info(
      {
        clientSecret: 'sekrit-1',
        connection: { clientSecret: 'sekrit-2', name: 'contoso' },
        headers: { authorization: 'Bearer abc.def.ghi' },
        notification: { clientState: 'state-3' },
        token: 'tok-4',
      },
      'connection saved',
    );
    const out = lines.join('');
    for (const secret of ['sekrit-1', 'sekrit-2', 'abc.def.ghi', 'state-3', 'tok-4'])
      expect(out).not.toContain(secret);
    expect(out).toContain('contoso');
    expect(JSON.parse(out)).toMatchObject({ service: 'test', version: '0.1.0', msg: 'connection saved' });
  });

  it('scrubs secrets hidden in error messages', () => {
    const { lines, destination } = capture();
    const log = createLogger({ service: 'test', destination });
    log.error(
      { err: new Error('POST failed: client_secret=hunter2&grant_type=client_credentials') },
      'token',
    );
    expect(lines.join('')).not.toContain('hunter2');
    expect(scrubSecrets('Authorization: Bearer eyJ0eXAi.x.y')).toBe('Authorization: Bearer [Redacted]');
  });

  it('gives each job its own child logger with id, queue and attempt', () => {
    const { lines, destination } = capture();
    const log = jobLogger(createLogger({ service: 'worker', destination }), {
      id: 'user-c1-o1',
      queueName: 'user-sync',
      attemptsMade: 2,
    });
    log.info('done');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      jobId: 'user-c1-o1',
      queue: 'user-sync',
      attempt: 3,
    });
  });
});
