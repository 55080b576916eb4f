import { readFileSync } from 'node:fs';
import path from 'node:path';

// `npm ci` refuses a lock that lacks an optional dependency, even another platform's native build, and this
// machine's `npm install` drops those (its registry does not serve them): `npm run lock:platforms` adds them back.
const root = path.resolve(__dirname, '../../..');
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { optionalDependencies?: Record<string, string> }>;
};

describe('package-lock.json', () => {
  it('has an entry for every optional dependency, so `npm ci` accepts it on a fresh machine', () => {
    const missing: string[] = [];
    for (const [where, pkg] of Object.entries(lock.packages)) {
      for (const dep of Object.keys(pkg.optionalDependencies ?? {})) {
        const nested = `${where === '' ? '' : `${where}/`}node_modules/${dep}`;
        if (!lock.packages[nested] && !lock.packages[`node_modules/${dep}`])
          missing.push(`${dep} (of ${where || 'root'})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
