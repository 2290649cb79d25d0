import type { TestProject } from 'vitest/node';
import { migrate } from '@/server/db/migrate';
import { MIGRATIONS_DIR, createDatabaseIfMissing, withDatabase } from '@/server/db/database';
import { TEMPLATE_DB, dropDatabase, startTestPostgres } from '../helpers/postgres';

/** One real PostgreSQL for the run, and a migrated template every test file clones. */
export default async function setup(project: TestProject) {
  const { adminUrl, stop } = await startTestPostgres();
  await dropDatabase(adminUrl, TEMPLATE_DB);
  const templateUrl = withDatabase(adminUrl, TEMPLATE_DB);
  await createDatabaseIfMissing(templateUrl);
  await migrate(templateUrl, MIGRATIONS_DIR);
  project.provide('pgAdminUrl', adminUrl);
  return async () => {
    await stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}
