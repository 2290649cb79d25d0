import { loadConfig, type AppConfig } from '@/server/config';
import { createLogger, type Logger } from '@/server/logger';
import { restrictFileModes } from '@/server/file-modes';
import { openDatabase } from '@/server/db/database';
import { createDb, type Db } from '@/server/db/client';

/** Opens (and migrates) the configured database for one CLI command, then closes it. */
export async function withDb<T>(
  fn: (ctx: { db: Db; config: AppConfig; log: Logger; url: string }) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  // CLI output is the table or JSON; logs go to stderr and only when something is wrong.
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  restrictFileModes(config);
  const handle = await openDatabase(config, log);
  const db = createDb(handle.url, { max: 4 });
  try {
    return await fn({ db, config, log, url: handle.url });
  } finally {
    await db.$disconnect();
    await handle.stop();
  }
}
