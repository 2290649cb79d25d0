import path from 'node:path';
import { createLogger } from '@/server/logger';
import { supervise } from '@/server/process/supervise';

/**
 * `npm start`'s supervisor: runs the app server (server/main.ts, which starts PostgreSQL and the
 * trainer) and starts it again when it dies, with backoff. SIGINT/SIGTERM are passed on and end it.
 */
const root = path.resolve(import.meta.dirname, '..');
const log = createLogger(process.env.LOG_LEVEL ?? 'info', 'supervisor');
const app = supervise({
  name: 'app server',
  command: process.execPath,
  args: ['--import', 'tsx', path.join(root, 'server/main.ts')],
  spawnOptions: { cwd: root, env: process.env, stdio: 'inherit' },
  log,
});
for (const s of ['SIGINT', 'SIGTERM'] as const) {
  process.on(s, () => void app.stop(s).then(() => process.exit(0)));
}
