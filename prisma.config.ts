import { defineConfig } from 'prisma/config';

// The connection URL is only needed by Prisma CLI commands that talk to a database
// (`migrate deploy/status` on machines that have the schema engine). The app applies
// migrations with its own runner (server/db/migrate.ts).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/neuroloop' },
});
