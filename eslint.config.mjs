// One lint config for the whole workspace. The module-boundary rules encode the direction
// of dependencies in docs/ARCHITECTURE.md: protocol <- graph <- expressions <- nodes <- apps,
// and the dashboard never imports executors or the expression sandbox (it starts processes).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

const apps = ['@runtime-hub/coordinator', '@runtime-hub/worker-windows', '@runtime-hub/dashboard', '@runtime-hub/cli'];
const appPaths = ['**/apps/**'];
// Agents (the worker and the executors it runs) talk to the coordinator only.
const noAgentCredentials = {
  group: ['bullmq', 'ioredis', 'pg', 'drizzle-orm', 'drizzle-orm/*', '@runtime-hub/db', '@electric-sql/*'],
  message: 'Agents hold no queue or database credential: everything goes through the coordinator (docs/SECURITY.md).',
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.nx/**', 'agents/**', 'coverage/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    files: ['libs/protocol/src/**/*.ts'],
    rules: restrict([
      { group: ['@runtime-hub/*', ...appPaths, '**/libs/graph/**', '**/libs/nodes/**'], message: 'libs/protocol depends on zod only.' },
    ]),
  },
  {
    files: ['libs/graph/src/**/*.ts'],
    rules: restrict([
      { group: ['@runtime-hub/nodes', '@runtime-hub/nodes/*', '@runtime-hub/expressions', '@runtime-hub/expressions/*', ...apps, ...appPaths, '**/libs/nodes/**', '**/libs/expressions/**'], message: 'libs/graph is pure: it may import only protocol, zod and jsonata.' },
      { group: ['fs', 'fs/*', 'node:*', 'net', 'http', 'https', 'child_process', 'ioredis', 'bullmq', 'pg'], message: 'libs/graph does no I/O.' },
    ]),
  },
  {
    files: ['libs/expressions/src/**/*.ts'],
    rules: restrict([
      { group: ['@runtime-hub/nodes', '@runtime-hub/nodes/*', ...apps, ...appPaths, '**/libs/nodes/**'], message: 'libs/expressions may import only protocol, graph, jsonata and re2js.' },
    ]),
  },
  {
    files: ['libs/nodes/src/**/*.ts'],
    ignores: ['libs/nodes/src/executors/**'],
    rules: restrict([
      { group: [...apps, ...appPaths, './executors', './executors/*', '../executors/*', '@runtime-hub/expressions', '@runtime-hub/expressions/*'], message: 'Node definitions never import executors, the expression sandbox or apps (the dashboard imports definitions).' },
      noAgentCredentials,
    ]),
  },
  {
    files: ['libs/nodes/src/executors/**/*.ts'],
    rules: restrict([{ group: [...apps, ...appPaths], message: 'Executors never import apps.' }, noAgentCredentials]),
  },
  {
    files: ['apps/worker-windows/src/**/*.ts'],
    rules: restrict([{ group: ['@runtime-hub/coordinator', '@runtime-hub/dashboard', '@runtime-hub/cli', '**/apps/coordinator/**'], message: 'The worker never imports other apps.' }, noAgentCredentials]),
  },
  {
    files: ['apps/dashboard/**/*.{ts,tsx}'],
    rules: restrict([
      { group: ['@runtime-hub/nodes/executors', '@runtime-hub/nodes/executors/*', '@runtime-hub/nodes/control', '**/executors/**', '@runtime-hub/expressions', '@runtime-hub/expressions/*', '@runtime-hub/coordinator', '@runtime-hub/worker-windows'], message: 'The dashboard imports protocol, graph and node definitions, never executors, the expression sandbox or other apps.' },
    ]),
  },
  {
    // The run engine's core decides; its shell does the I/O (apps/coordinator/src/runs/README.md).
    files: ['apps/coordinator/src/runs/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        { group: ['../shell/*', '../adapters/*', '../../**', '@nestjs/*'], allowTypeImports: true, message: 'runs/core is pure: it imports libs, other core files and types, never the shell, adapters or services.' },
        { group: ['bullmq', 'ioredis', 'pg', 'drizzle-orm', 'drizzle-orm/*', 'fs', 'fs/*', 'node:fs', 'node:fs/*', 'net', 'node:net', 'http', 'node:http', 'https', 'node:https', 'child_process', 'node:child_process', 'node:worker_threads', 'node:dgram'], message: 'runs/core does no I/O.' },
      ] }],
    },
  },
);
