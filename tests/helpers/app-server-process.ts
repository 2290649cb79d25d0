/**
 * An app server (Socket.IO, no Next) in a process of its own, for tests that kill it:
 * `node --import tsx tests/helpers/app-server-process.ts` with DATABASE_URL and PORT set.
 * Prints `ready <url>` once it listens.
 */
import { startAppServer } from '@/server/app-server';
import { loadConfig } from '@/server/config';
import { createDb } from '@/server/db/client';
import { createLogger } from '@/server/logger';
import { attachRealtime } from '@/server/realtime/attach';
import { TEST_SECRET } from './session';

const config = loadConfig({
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  PORT: process.env.PORT ?? '0',
  DATABASE_URL: process.env.DATABASE_URL,
  NEXTAUTH_SECRET: TEST_SECRET,
  DATA_DIR: '.data/test',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
});
const db = createDb(config.DATABASE_URL ?? '', { max: 10 });
const server = await startAppServer({
  config,
  log: createLogger(config.LOG_LEVEL, 'app-server-process'),
  db,
  next: false,
  attachRealtime,
});
process.stdout.write(`ready ${server.url}\n`);
