// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'console/dist/', 'node_modules/', '.data/', 'coverage/', 'src/http/api-types.ts', 'src/**/*.queries.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox and is replayed: it may import the
    // workflow SDK and types only, never I/O or activity implementations.
    files: ['src/orders/workflow/**/*.ts', 'src/returns/workflow/**/*.ts', 'src/temporal/workflows.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'pg', 'fastify', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'], message: 'Workflows must not do I/O.' },
            {
              group: ['**/activities.js', '**/repository.js', '**/service.js', '../db/*'],
              allowTypeImports: true,
              message: 'Workflows may import types only from here.',
            },
          ],
        },
      ],
    },
  },
);
