import { describeRedisUrl } from './redis-probe';

describe('describeRedisUrl', () => {
  it('S7.1 never prints the password of a Redis URL', () => {
    expect(describeRedisUrl('redis://:s3cret@cache.internal:6380/2')).toBe('redis://cache.internal:6380/2');
    expect(describeRedisUrl('rediss://user:pw@cache.internal')).toBe('rediss://cache.internal');
    expect(describeRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });
});
