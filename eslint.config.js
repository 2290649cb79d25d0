import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

// One data layer (docs/ARCHITECTURE.md, "Data layer"): server/store owns every Prisma call and
// every SQL statement; server/db builds the connections. Everything else goes through them.
const dataLayerImports = {
  group: ['pg', '@prisma/*', '@/generated/*'],
  message:
    'Only server/store (and server/db, which builds the connections) use Prisma or pg: reach data through a store module (docs/ARCHITECTURE.md, "Data layer").',
};
const prismaModels =
  'user|project|projectMember|scan|annotation|labelSnapshot|modelVersion|prediction|evaluatedScan|score|queueItem|claim|scanSkip|trainingJob|explanation|importBatch|signInThrottle|auditEvent|pacsSource|pacsSeries|pacsReport';
const prismaMethods =
  'findMany|findFirst|findFirstOrThrow|findUnique|findUniqueOrThrow|create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert|delete|deleteMany|aggregate|groupBy|count';
const dataLayerMessage = 'Prisma calls and SQL live in server/store (docs/ARCHITECTURE.md, "Data layer").';
const dataLayerSyntax = [
  {
    selector: `CallExpression[callee.object.type='MemberExpression'][callee.object.property.name=/^(${prismaModels})$/][callee.property.name=/^(${prismaMethods})$/]`,
    message: dataLayerMessage,
  },
  {
    selector:
      'CallExpression[callee.property.name=/^\\$(transaction|queryRaw|executeRaw|queryRawUnsafe|executeRawUnsafe)$/]',
    message: dataLayerMessage,
  },
  {
    selector: 'TaggedTemplateExpression[tag.property.name=/^\\$(queryRaw|executeRaw)$/]',
    message: dataLayerMessage,
  },
];

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
            dataLayerImports,
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts', 'cli/**/*.ts', 'app/**/*.{ts,tsx}'],
    ignores: ['server/store/**', 'server/db/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [dataLayerImports] }] },
  },
  {
    files: ['server/**/*.ts', 'cli/**/*.ts', 'app/**/*.{ts,tsx}', 'trainer/**/*.ts'],
    ignores: ['server/store/**', 'server/db/**'],
    rules: { 'no-restricted-syntax': ['error', ...dataLayerSyntax] },
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
