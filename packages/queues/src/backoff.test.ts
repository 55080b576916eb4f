import { jitteredBackoff } from './backoff';

describe('jitteredBackoff', () => {
  it('grows exponentially and stays within [ceiling/2, ceiling]', () => {
    expect(jitteredBackoff(1, 1000, () => 0)).toBe(500);
    expect(jitteredBackoff(1, 1000, () => 1)).toBe(1000);
    expect(jitteredBackoff(4, 1000, () => 0)).toBe(4000);
    expect(jitteredBackoff(4, 1000, () => 1)).toBe(8000);
  });

  it('caps at ten minutes', () => {
    expect(jitteredBackoff(40, 1000, () => 1)).toBe(600_000);
  });
});
