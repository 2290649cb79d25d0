import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { openDatabase } from './db/database';
import { createDb } from './db/client';
import { ensureAuthSecret } from './secret';
import { startAppServer } from './app-server';
import { attachRealtime } from './realtime/attach';
import { seedDemo } from './use-cases/seed-demo';
import { seedDemoScans } from './use-cases/seed-demo-scans';
import { formatDemoCredentials, loadDemoCredentials, saveDemoCredentials } from './demo-credentials';

/** `npm start`: database (embedded unless DATABASE_URL), Next + Socket.IO on one port, trainer. */
async function main() {
  const dev = process.argv.includes('--dev');
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const secret = ensureAuthSecret(config.dataDir, config.NEXTAUTH_SECRET);
  const publicUrl = config.NEXTAUTH_URL ?? `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
  // next-auth reads these two from the environment itself; this entry point is where they are set.
  process.env.NEXTAUTH_SECRET = secret;
  process.env.NEXTAUTH_URL = publicUrl;
  const cfg = { ...config, NEXTAUTH_SECRET: secret, NEXTAUTH_URL: publicUrl };

  const database = await openDatabase(cfg, log);
  const db = createDb(database.url);
  const seeded = await seedDemo(db);
  if (seeded) {
    saveDemoCredentials(cfg.dataDir, { password: seeded.password, users: seeded.users, projectSlug: seeded.projectSlug });
    log.info({ count: cfg.DEMO_SCAN_COUNT }, 'generating synthetic demo scans');
    const { imported } = await seedDemoScans(db, { projectId: seeded.projectId, count: cfg.DEMO_SCAN_COUNT, storageDir: cfg.storageDir, maxPixels: cfg.IMPORT_MAX_PIXELS, log });
    log.info({ imported }, 'demo scans imported');
  }

  const server = await startAppServer({ config: cfg, log, db, next: true, dev, attachRealtime, databaseUrl: database.url, jobs: true });
  const trainer = cfg.START_TRAINER ? startTrainer(database.url, cfg.dataDir, log) : null;

  const creds = loadDemoCredentials(cfg.dataDir);
  process.stdout.write(`\nNeuroLoop is running at ${publicUrl}\n${creds ? formatDemoCredentials(creds) + '\n' : ''}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    trainer?.kill('SIGTERM');
    await server.close();
    await db.$disconnect();
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

function startTrainer(databaseUrl: string, dataDir: string, log: ReturnType<typeof createLogger>): ChildProcess | null {
  const root = path.resolve(import.meta.dirname, '..');
  const entry = path.join(root, 'trainer/main.ts');
  if (!existsSync(entry)) return null;
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: dataDir },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => log.warn({ code, signal }, 'trainer process exited'));
  return child;
}

main().catch((err: unknown) => {
  process.stderr.write(`NeuroLoop failed to start: ${(err as Error | undefined)?.stack ?? String(err)}\n`);
  process.exit(1);
});
