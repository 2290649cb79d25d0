import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from './config';
import { createLogger, type Logger } from './logger';
import { supervise, type Supervised } from './process/supervise';
import { limitHeapGrowth } from './process/heap-growth';
import { openDatabase } from './db/database';
import { createDb } from './db/client';
import { ensureAuthSecret } from './secret';
import { restrictFileModes } from './file-modes';
import { startAppServer } from './app-server';
import { attachRealtime } from './realtime/attach';
import { seedDemo } from './use-cases/seed-demo';
import { seedDemoScans } from './use-cases/seed-demo-scans';
import { loadDemoCredentials, saveDemoCredentials } from './demo-credentials';
import { formatStartBanner } from './start-banner';

/** `npm start`: database (embedded unless DATABASE_URL), Next + Socket.IO on one port, trainer. */
async function main() {
  const dev = process.argv.includes('--dev');
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL, 'neuroloop', config.LOG_FORMAT);
  limitHeapGrowth(config.HEAP_GROWTH_PERCENT);
  restrictFileModes(config);
  const secret = ensureAuthSecret(config.dataDir, config.NEXTAUTH_SECRET);
  const publicUrl =
    config.NEXTAUTH_URL ?? `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
  // next-auth reads these two from the environment itself; this entry point is where they are set.
  process.env.NEXTAUTH_SECRET = secret;
  process.env.NEXTAUTH_URL = publicUrl;
  const cfg = { ...config, NEXTAUTH_SECRET: secret, NEXTAUTH_URL: publicUrl };

  const database = await openDatabase(cfg, log);
  const db = createDb(database.url);
  const seeded = await seedDemo(db);
  if (seeded) {
    saveDemoCredentials(cfg.dataDir, {
      password: seeded.password,
      users: seeded.users,
      projectSlug: seeded.projectSlug,
    });
    log.info({ count: cfg.DEMO_SCAN_COUNT }, 'generating synthetic demo scans');
    const { imported } = await seedDemoScans(db, {
      projectId: seeded.projectId,
      count: cfg.DEMO_SCAN_COUNT,
      storageDir: cfg.storageDir,
      maxPixels: cfg.IMPORT_MAX_PIXELS,
      log,
    });
    log.info({ imported }, 'demo scans imported');
  }

  const server = await startAppServer({
    config: cfg,
    log,
    db,
    next: true,
    dev,
    attachRealtime,
    databaseUrl: database.url,
    jobs: true,
  });
  let stopping = false;
  const trainer = cfg.START_TRAINER ? startTrainer(database.url, cfg.dataDir, log) : null;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    // The trainer stops first: its database connections must close before the database does.
    await trainer?.process.stop('SIGTERM');
    await server.close();
    await db.$disconnect();
    await database.stop();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  // The banner goes last, once the trainer has said which backend it runs on.
  await trainer?.ready;
  if (stopping) return;
  const creds = loadDemoCredentials(cfg.dataDir);
  // The password goes to a terminal only, never into a log file.
  process.stdout.write(
    `\n${formatStartBanner({ url: publicUrl, creds, showPassword: Boolean(process.stdout.isTTY), dataDir: cfg.dataDir })}\n\n`,
  );
}

/**
 * The trainer, restarted with backoff when it dies; its IPC channel ends it when this server dies.
 * `ready` settles when its first life says it waits for jobs (or dies, or after two minutes), so
 * that a trainer that never gets there does not hold the banner.
 */
function startTrainer(
  databaseUrl: string,
  dataDir: string,
  log: Logger,
): { process: Supervised; ready: Promise<void> } | null {
  const root = path.resolve(import.meta.dirname, '..');
  const entry = path.join(root, 'trainer/main.ts');
  if (!existsSync(entry)) return null;
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
    setTimeout(resolve, 120_000).unref();
  });
  const trainer = supervise({
    name: 'trainer',
    command: process.execPath,
    args: ['--import', 'tsx', entry],
    spawnOptions: {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: dataDir },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
    onStart: (child) => {
      child.on('message', (m) => m === 'ready' && markReady());
      child.on('exit', () => markReady());
    },
    log,
  });
  return { process: trainer, ready };
}

main().catch((err: unknown) => {
  process.stderr.write(`NeuroLoop failed to start: ${(err as Error | undefined)?.stack ?? String(err)}\n`);
  process.exit(1);
});
