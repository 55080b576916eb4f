import { renderLogLine } from './log-lines';

describe('child output', () => {
  it('renders a pino line as level, message and fields, without time, pid or host', () => {
    const line = JSON.stringify({
      level: 40,
      time: 1795457347194,
      pid: 42,
      hostname: 'box',
      service: 'worker',
      version: '0.1.0',
      msg: 'job failed; will retry',
      jobId: '7',
      queue: 'user-sync',
      err: { type: 'GraphRequestError', message: 'throttled', stack: 'at x' },
    });
    expect(renderLogLine(line)).toBe(
      'WARN job failed; will retry jobId=7 queue=user-sync err="GraphRequestError: throttled"',
    );
  });

  it('leaves info unlabelled and plain text untouched', () => {
    expect(renderLogLine(JSON.stringify({ level: 30, msg: 'worker started', queues: 6 }))).toBe(
      'worker started queues=6',
    );
    expect(renderLogLine('graph-emulator listening on https://127.0.0.1:8443')).toBe(
      'graph-emulator listening on https://127.0.0.1:8443',
    );
    expect(renderLogLine('{not json')).toBe('{not json');
  });
});
