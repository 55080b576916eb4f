#!/usr/bin/env node
// `npm ci` wants a lock entry for every optional dependency, including the native builds for other platforms
// (@swc/core-darwin-arm64, @turbo/windows-64, @unrs/resolver-binding-*…). This machine's registry does not serve
// those, so `npm install` leaves them out of package-lock.json and `npm ci` then refuses the lock. This script adds
// an entry for each missing one, marked optional with the os/cpu/libc its name states, so `npm ci` skips it on
// this platform and fetches it on the matching one. Run it after every `npm install` (`npm run lock:platforms`).
const fs = require('node:fs');
const path = require('node:path');

const lockPath = path.resolve(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
const packages = lock.packages;

const OS = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openharmony', 'netbsd', 'openbsd', 'sunos', 'aix'];
const CPU = { arm64: 'arm64', x64: 'x64', '64': 'x64', ia32: 'ia32', arm: 'arm', ppc64: 'ppc64', s390x: 's390x', loong64: 'loong64', riscv64: 'riscv64' };

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p)) ?? (parts.includes('windows') ? 'win32' : null);
  const cpuPart = [...parts].reverse().find((p) => p in CPU) ?? (parts.some((p) => p.endsWith('eabihf')) ? 'arm' : null);
  const libc = parts.some((p) => p.startsWith('musl')) ? 'musl' : parts.some((p) => p.startsWith('gnu')) ? 'glibc' : null;
  if (!os || !cpuPart) return null;
  return { os: [os], cpu: [CPU[cpuPart] ?? cpuPart], ...(libc && os === 'linux' ? { libc: [libc] } : {}) };
}

let added = 0;
for (const [where, pkg] of Object.entries(packages)) {
  for (const [dep, range] of Object.entries(pkg.optionalDependencies ?? {})) {
    const base = where === '' ? 'node_modules' : `${where}/node_modules`;
    const candidates = [`${base}/${dep}`, `node_modules/${dep}`];
    if (candidates.some((key) => packages[key])) continue;
    const platform = platformOf(dep);
    if (!platform || !/^\d+\.\d+\.\d+/.test(range)) continue;
    packages[`node_modules/${dep}`] = { version: range, optional: true, ...platform };
    added += 1;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
fs.writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} platform package entr${added === 1 ? 'y' : 'ies'} added`);
