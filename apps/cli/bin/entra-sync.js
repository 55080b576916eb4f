#!/usr/bin/env node
// The `entra-sync` command: runs the TypeScript entry through tsx (ESM and CommonJS hooks), like `npm run cli`.
import('tsx').then(() => require('../src/main.ts'));
