#!/usr/bin/env node
// The `entra-sync` command: the build (`npm run build` → dist/main.js) when there is one — all a production
// install has after `npm prune --omit=dev` — else the TypeScript through tsx (ESM and CommonJS hooks), like
// `npm run cli`.
const { existsSync } = require('node:fs');
const path = require('node:path');

const built = path.join(__dirname, '..', 'dist', 'main.js');
if (existsSync(built)) require(built);
else import('tsx').then(() => require('../src/main.ts'));
