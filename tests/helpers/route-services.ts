import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '@/server/config';
import { createLogger } from '@/server/logger';
import { setServices } from '@/server/services';
import { createTestDatabase, type TestDatabase } from './test-db';

/**
 * For a describe block that calls route handlers: a fresh test database, set as the handlers'
 * services before its tests and dropped after them. Read `db` and `url` from the tests on.
 */
export function routeTestDatabase(): Pick<TestDatabase, 'db' | 'url'> {
  let t: TestDatabase | undefined;
  beforeAll(async () => {
    t = await createTestDatabase();
    setServices({
      config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.url }),
      db: t.db,
      log: createLogger('silent'),
    });
  });
  afterAll(() => t?.drop());
  const current = (): TestDatabase => {
    if (!t) throw new Error('The test database exists from beforeAll on.');
    return t;
  };
  return {
    get db() {
      return current().db;
    },
    get url() {
      return current().url;
    },
  };
}
