import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', 'bench/results/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['**/*.ts'],
    ignores: ['packages/graph/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@azure/identity', '@microsoft/microsoft-graph-client'], message: 'Only packages/graph talks to Graph.' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['pg', 'kysely', 'ioredis', 'bullmq', '@azure/*', '@microsoft/*', 'node:*', 'fs', 'http', 'https', 'net'],
              message: 'packages/domain is pure: IO lives at the edges (STYLE habit 5).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/admin/src/**/*.ts'],
    ignores: ['apps/admin/src/console/web/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'kysely', message: 'The admin app queries through @entra-sync/db repositories.' }],
        },
      ],
    },
  },
  {
    files: ['apps/admin/src/console/web/**/*.ts', 'apps/cli/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@entra-sync/api-contract',
              allowTypeImports: true,
              message: 'The console and the CLI read the contract as types only (STYLE habit 17).',
            },
          ],
        },
      ],
    },
  },
);
