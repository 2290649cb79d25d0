import { loadConfig } from '@/server/config';
import { createLogger } from '@/server/logger';
import { startAppServer, type AppServer } from '@/server/app-server';
import { attachRealtime } from '@/server/realtime/attach';
import { createDb } from '@/server/db/client';
import { TEST_SECRET } from './session';

/** A real HTTP + Socket.IO server (no Next) on a free port, against the given database. */
export async function startTestServer(
  databaseUrl: string,
  env: Record<string, string> = {},
  opts: { jobs?: boolean } = {},
): Promise<AppServer> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: TEST_SECRET,
    DATA_DIR: '.data/test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    ...env,
  });
  const log = createLogger(config.LOG_LEVEL, 'test-server');
  const db = createDb(databaseUrl, { max: 20 });
  const server = await startAppServer({ config, log, db, next: false, attachRealtime, databaseUrl, jobs: opts.jobs });
  return {
    ...server,
    async close() {
      await server.close();
      await db.$disconnect();
    },
  };
}
