import { Writable } from 'node:stream';
import { LazyChildLogger } from './lazy-child';
import { createLogger } from './logger';

function capture(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'test', level, destination }) };
}

describe('LazyChildLogger', () => {
  it('makes no pino child while nothing is logged at an enabled level', () => {
    const { lines, logger } = capture('info');
    const log = new LazyChildLogger(logger, { reqId: 'req-1' });
    log.debug({ n: 1 }, 'below the level');
    log.trace('below the level');
    log.silent();
    expect(log.made).toBe(false);
    expect(log.level).toBe('info');
    expect(lines).toEqual([]);
  });

  it('logs with its bindings, the parent base fields and redaction once something is enabled', () => {
    const { lines, logger } = capture('info');
    const log = new LazyChildLogger(logger, { reqId: 'req-2' });
    log.warn({ clientState: 'hunter2', subscriptionId: 's-1' }, 'notification dropped');
    log.info('plain message');
    expect(log.made).toBe(true);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      service: 'test',
      reqId: 'req-2',
      subscriptionId: 's-1',
      clientState: '[Redacted]',
      msg: 'notification dropped',
      level: 40,
    });
    expect(lines[1]).toMatchObject({ reqId: 'req-2', msg: 'plain message' });
  });

  it('follows its own level once set, and makes real children', () => {
    const { lines, logger } = capture('info');
    const log = new LazyChildLogger(logger, { reqId: 'req-3' });
    log.level = 'debug';
    log.debug('now enabled');
    log.child({ step: 'enqueue' }).info('from a child');
    expect(logger.level).toBe('info');
    expect(lines.map((l) => [l.reqId, l.msg, l.step])).toEqual([
      ['req-3', 'now enabled', undefined],
      ['req-3', 'from a child', 'enqueue'],
    ]);
  });
});
