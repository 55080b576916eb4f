import { createHash } from 'node:crypto';
import { lockKey } from './locks';

// Workers of two versions share Postgres during a rollout: the key of a name must never change, or a
// single apply and a batch could hold "the same" lock without excluding each other (B2).
describe('B2 lock keys', () => {
  it('B2 a lock key is the first 8 bytes of the name’s sha-256, signed big-endian', () => {
    expect(lockKey('object:c1:o1')).toBe(-2918565348904240309n);
    expect(lockKey('email:jane@x.com')).toBe(6863741219736555755n);
    expect(lockKey('username:jane')).toBe(-5367584734803604267n);
  });

  it('B2 lock keys match the sha-256 prefix for any name, also non-ASCII', () => {
    for (const name of ['', 'email:é@x.com', 'username:ß', `object:${'x'.repeat(300)}`]) {
      expect(lockKey(name)).toBe(createHash('sha256').update(name).digest().readBigInt64BE(0));
    }
  });
});
