import { jobId, userJobId } from './job-ids';

describe('job ids', () => {
  it('are deterministic and never contain ":" (reserved by BullMQ)', () => {
    expect(userJobId('c1', 'o:1')).toBe('user.c1.o_1');
    expect(userJobId('c1', 'o:1')).toBe(userJobId('c1', 'o:1'));
    expect(jobId('a.b', 'c')).not.toBe(jobId('a', 'b.c'));
  });
});
