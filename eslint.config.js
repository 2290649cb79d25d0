import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      'dist/**',
      '.data/**',
      '.gpu-carry/**',
      'generated/**',
      'storage/**',
      'bench/results/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-hooks/set-state-in-effect': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
    },
  },
  {
    // Architecture seams (docs/ARCHITECTURE.md, "Layers"): lib is pure; components never reach into server or trainer.
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'next',
                'next/*',
                'react',
                'react-dom',
                '@prisma/*',
                '@/generated/*',
                'socket.io',
                'socket.io-client',
                '@tensorflow/*',
                'pg',
                'node:*',
                '@/server/*',
                '@/trainer/*',
                '@/app/*',
                '@/components/*',
              ],
              message:
                'lib/ is pure domain logic: no Next, React, Prisma, Socket.IO, tfjs, server or trainer (docs/ARCHITECTURE.md, "Layers").',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/server/*', '@/trainer/*', '@prisma/*', '@/generated/*'],
              message:
                'components hold no data access: they talk to route handlers and the socket (docs/ARCHITECTURE.md, "Layers").',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['trainer/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/app/*', '@/components/*', '@/server/http/*', '@/server/realtime/*'],
              message:
                'trainer never imports app, components or server HTTP/socket code: it is its own process (docs/ARCHITECTURE.md, "Layers").',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['bin/**/*.mjs', 'bench/**/*.ts', 'bench/**/*.mjs', 'cli/**/*.ts', 'tests/**/*.ts', 'scripts/**/*.mjs'],
    rules: { 'no-console': 'off' },
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // Worker entries: plain JavaScript that loads the TypeScript worker (server/workers/load-ts-entry.mjs).
    files: ['server/**/*.mjs', 'trainer/**/*.mjs', 'tests/**/*.mjs'],
    languageOptions: { globals: { URL: 'readonly' } },
  },
);
