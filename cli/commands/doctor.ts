import { accessSync, constants, mkdirSync } from 'node:fs';
import { z } from 'zod';
import { loadConfig } from '@/server/config';
import { createLogger } from '@/server/logger';
import { openDatabase } from '@/server/db/database';
import { MIGRATIONS_DIR } from '@/server/db/database';
import { pendingMigrations } from '@/server/db/migrate';
import { defineCommand } from '../command';
import { jsonFlag } from '../flags';
import { printJson, printTable } from '../output';

interface Check {
  check: string;
  ok: boolean;
  detail: string;
}

export const command = defineCommand({
  name: 'doctor',
  summary: 'Check Node, the database, the tfjs backend and the storage directory',
  description: `Prints the Node version, whether the database is reachable and migrated, the tfjs backend the
trainer would choose (and why faster rungs were skipped), and whether storage is writable.
Exits non-zero when a check fails.`,
  flags: z.object({ json: jsonFlag() }),
  async run({ flags, io }) {
    const config = loadConfig();
    const checks: Check[] = [];
    const [major] = process.versions.node.split('.').map(Number);
    checks.push({
      check: 'node',
      ok: major >= 20,
      detail: `v${process.versions.node}${major >= 20 ? '' : ' (needs 20 or later)'}`,
    });
    checks.push(await checkDatabase(config));
    checks.push(await checkBackend(config.TFJS_BACKEND));
    checks.push(checkStorage(config.storageDir));
    if (flags.json) printJson(io, { ok: checks.every((c) => c.ok), checks });
    else
      printTable(
        io,
        checks.map((c) => ({ check: c.check, status: c.ok ? 'ok' : 'FAIL', detail: c.detail })),
      );
    return checks.every((c) => c.ok) ? 0 : 1;
  },
});

async function checkDatabase(config: ReturnType<typeof loadConfig>): Promise<Check> {
  try {
    const handle = await openDatabase(config, createLogger('silent'));
    try {
      const pending = await pendingMigrations(handle.url, MIGRATIONS_DIR);
      const where = handle.embedded ? 'embedded PostgreSQL' : new URL(handle.url).host;
      return {
        check: 'database',
        ok: pending.length === 0,
        detail: `${where}, ${pending.length === 0 ? 'migrated' : `${pending.length} pending`}`,
      };
    } finally {
      await handle.stop();
    }
  } catch (e) {
    return { check: 'database', ok: false, detail: (e as Error).message.split('\n')[0] };
  }
}

async function checkBackend(force: ReturnType<typeof loadConfig>['TFJS_BACKEND']): Promise<Check> {
  try {
    const { chooseBackend } = await import('@/trainer/backend/choose-backend');
    const choice = await chooseBackend({ force, logger: createLogger('silent') });
    const skipped = choice.attempts.filter((a) => !a.ok).map((a) => `${a.backend}: ${a.reason}`);
    return {
      check: 'tfjs backend',
      ok: true,
      detail: `${choice.name} (${choice.threads} thread(s)${choice.note ? `, ${choice.note}` : ''})${skipped.length ? `; skipped ${skipped.join('; ')}` : ''}`,
    };
  } catch (e) {
    return { check: 'tfjs backend', ok: false, detail: (e as Error).message };
  }
}

function checkStorage(dir: string): Check {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return { check: 'storage', ok: true, detail: `${dir} writable` };
  } catch (e) {
    return { check: 'storage', ok: false, detail: `${dir}: ${(e as Error).message}` };
  }
}
