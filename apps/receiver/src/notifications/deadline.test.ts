import { DeadlineError, withDeadline } from './deadline';

describe('withDeadline', () => {
  it('passes results and errors through when the work settles in time', async () => {
    await expect(withDeadline(Promise.resolve(7), 1000, 'work')).resolves.toBe(7);
    await expect(withDeadline(Promise.reject(new Error('boom')), 1000, 'work')).rejects.toThrow('boom');
  });

  it('rejects with a DeadlineError when the work never settles', async () => {
    await expect(withDeadline(new Promise(() => undefined), 1, 'enqueue')).rejects.toBeInstanceOf(
      DeadlineError,
    );
  });
});
