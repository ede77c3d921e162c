// Lint walls: the dependency direction of docs/architecture.md is enforced here, so it holds without anyone
// remembering it. contracts <- core <- adapters <- apps/server, apps/cli; testkit may use everything but apps.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const ioModules = ['pg', 'ioredis', 'bullmq', 'pg-boss', '@aws-sdk/*', '@electric-sql/*', 'fastify', '@fastify/*', 'simple-git', 'yauzl', 'argon2', 'node:fs', 'node:fs/promises', 'node:child_process', 'node:net', 'node:http', 'node:https', 'fs', 'child_process'];

function wall(files, banned, message) {
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: banned, message }] }],
    },
  };
}

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'data/**', '**/dist/**', 'packages/core/src/rules/fixtures/**', 'artifacts/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js'] } }, 'import-x/ignore': ['node_modules'] },
    rules: {
      'import-x/no-cycle': ['error', { maxDepth: 10 }],
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  wall(['packages/contracts/src/**'], ['@xcr/core', '@xcr/core/*', '@xcr/adapters', '@xcr/adapters/*', '@xcr/testkit', '@xcr/testkit/*', ...ioModules], 'contracts holds schemas only: no domain code and no I/O'),
  {
    ...wall(['packages/core/src/**'], ['@xcr/adapters', '@xcr/adapters/*', '@xcr/testkit', '@xcr/testkit/*', ...ioModules], 'core has no I/O of its own: put it behind a port (core/src/ports) and implement it in adapters'),
    ignores: ['packages/core/src/**/*.test.ts'],
  },
  {
    ...wall(['packages/adapters/src/**'], ['@xcr/testkit', '@xcr/testkit/*', '../../apps/*'], 'adapters never depend on the test kit or the apps'),
    ignores: ['packages/adapters/src/**/*.test.ts'],
  },
  {
    ...wall(
      ['apps/web/src/**'],
      ['@xcr/core', '@xcr/core/*', '@xcr/adapters', '@xcr/adapters/*', '@xcr/testkit', '@xcr/testkit/*', '@xcr/server', '@xcr/server/*', '@xcr/cli', '@xcr/cli/*', 'node:*', '**/packages/**', '**/apps/server/**', '**/apps/cli/**', ...ioModules],
      'the web app runs in the browser and shares only the contracts with the server: import @xcr/contracts, nothing else of ours and no Node module',
    ),
    ignores: ['apps/web/src/**/*.test.ts', 'apps/web/src/**/*.test.tsx'],
  },
  {
    files: ['packages/core/src/**', 'packages/contracts/src/**'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-globals': ['error', { name: 'process', message: 'core and contracts never read process: configuration arrives as arguments' }] },
  },
  { files: ['scripts/**', 'apps/cli/**', 'bench/**', '**/*.test.ts'], rules: { 'no-console': 'off' } },
);
