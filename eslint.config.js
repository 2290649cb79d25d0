import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      '.data/**',
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
    // Architecture seams (GUIDE): lib is pure; components never reach into server or trainer.
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['next', 'next/*', 'react', 'react-dom', '@prisma/*', '@/generated/*', 'socket.io', 'socket.io-client', '@tensorflow/*', 'pg', 'node:*', '@/server/*', '@/trainer/*', '@/app/*', '@/components/*'], message: 'lib/ is pure domain logic (GUIDE).' },
          ],
        },
      ],
    },
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@/server/*', '@/trainer/*', '@prisma/*', '@/generated/*'], message: 'components hold no data access (GUIDE).' }] }],
    },
  },
  {
    files: ['trainer/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@/app/*', '@/components/*', '@/server/http/*', '@/server/realtime/*'], message: 'trainer never imports app, components or server HTTP/socket code (GUIDE).' }] }],
    },
  },
  {
    files: ['bin/**/*.mjs', 'bench/**/*.ts', 'cli/**/*.ts', 'tests/**/*.ts', 'scripts/**/*.mjs'],
    rules: { 'no-console': 'off' },
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // Worker entries: plain JavaScript that loads the TypeScript worker (server/workers/load-ts-entry.mjs).
    files: ['server/**/*.mjs', 'trainer/**/*.mjs', 'tests/**/*.mjs'],
    languageOptions: { globals: { URL: 'readonly' } },
  },
);
