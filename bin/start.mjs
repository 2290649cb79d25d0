#!/usr/bin/env node
// `npm start`: build if needed, then the server (database, web app + Socket.IO, trainer) under a
// supervisor that restarts it when it dies (server/supervise-main.ts).
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', CHECKPOINT_DISABLE: '1' };
const build = spawnSync(process.execPath, [path.join(root, 'bin/build.mjs'), '--quiet'], {
  cwd: root,
  env,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

// The supervisor and the server run in a process group of their own: Ctrl-C in a terminal signals the
// whole foreground group, which would stop PostgreSQL and the trainer under the server mid-shutdown.
// Here the supervisor gets the signal alone and passes it on; the server stops the trainer, then the
// web app, then the database, in that order.
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/supervise-main.ts')], {
  cwd: root,
  env: { ...env, NODE_ENV: 'production' },
  stdio: ['ignore', 'inherit', 'inherit'],
  detached: true,
});
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => child.kill(s === 'SIGHUP' ? 'SIGTERM' : s));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
