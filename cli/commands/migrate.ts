import { z } from 'zod';
import { loadConfig } from '@/server/config';
import { createLogger } from '@/server/logger';
import { openDatabase } from '@/server/db/database';
import { parseFlags } from '../flags';
import { printJson } from '../output';
import type { CliCommand } from '../types';

export const command: CliCommand = {
  name: 'migrate',
  summary: 'Apply pending database migrations',
  help: `Usage: neuroloop migrate [--json]

Applies prisma/migrations in order to DATABASE_URL (or the embedded PostgreSQL when unset)
and records them in _prisma_migrations the way Prisma Migrate does. Safe to re-run.`,
  async run(args, io) {
    const { flags } = parseFlags(args, { json: { type: 'boolean' } }, z.object({ json: z.boolean().optional() }));
    const config = loadConfig();
    const log = createLogger('warn');
    const handle = await openDatabase(config, log);
    await handle.stop();
    if (flags.json) printJson(io, { ok: true, applied: handle.applied });
    else if (handle.applied.length === 0) io.stdout.write('Database is up to date; nothing to apply.\n');
    else io.stdout.write(`Applied ${handle.applied.length} migration(s):\n${handle.applied.map((m) => `  ${m}`).join('\n')}\n`);
    return 0;
  },
};
