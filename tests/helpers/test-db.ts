import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createDb, type Db } from '@/server/db/client';
import { createDatabaseFromTemplate, dropDatabase } from './postgres';

export interface TestDatabase {
  url: string;
  name: string;
  db: Db;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file (a clone of the template: milliseconds). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl');
  const name = `nl_t_${randomBytes(5).toString('hex')}`;
  const url = await createDatabaseFromTemplate(adminUrl, name);
  const db = createDb(url, { max: 20 });
  return {
    url,
    name,
    db,
    async drop() {
      await db.$disconnect();
      await dropDatabase(adminUrl, name);
    },
  };
}
