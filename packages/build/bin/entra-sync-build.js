#!/usr/bin/env node
// `entra-sync-build [--outdir dist] <entry.ts>…`, each app's `npm run build`: a build-time tool, so it runs its
// TypeScript through tsx (a devDependency, like esbuild).
require('tsx/cjs');
require('../src/main.ts');
