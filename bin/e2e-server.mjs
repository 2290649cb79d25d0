#!/usr/bin/env node
// The server Playwright tests run against: a fresh data directory (and a fresh database
// when DATABASE_URL is set), demo data seeded, no trainer. Requires a prior `next build`.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(root, process.env.E2E_DATA_DIR ?? '.data/e2e');
rmSync(dataDir, { recursive: true, force: true });

const env = {
  ...process.env,
  PORT: process.env.E2E_PORT ?? '3100',
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  EMBEDDED_PG_PORT: process.env.E2E_PG_PORT ?? '54349',
  START_TRAINER: '0',
  LOG_LEVEL: 'warn',
  NEXT_TELEMETRY_DISABLED: '1',
  // Demo scans are generated at seed time; keep the e2e set small.
  DEMO_SCAN_COUNT: process.env.DEMO_SCAN_COUNT ?? '24',
  // The PACS tests run their own Orthanc on this machine.
  PACS_ALLOWED_HOSTS: process.env.PACS_ALLOWED_HOSTS ?? '127.0.0.1',
};
if (process.env.DATABASE_URL) {
  const admin = new URL(process.env.DATABASE_URL);
  admin.pathname = '/postgres';
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  await c.query('DROP DATABASE IF EXISTS neuroloop_e2e WITH (FORCE)');
  await c.end();
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = '/neuroloop_e2e';
  env.DATABASE_URL = url.toString();
}
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/main.ts')], {
  cwd: root,
  env,
  stdio: 'inherit',
});
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s));
child.on('exit', (code) => process.exit(code ?? 0));
