import { z } from 'zod';
import { loadConfig } from '@/server/config';
import { createLogger } from '@/server/logger';
import { openDatabase } from '@/server/db/database';
import { defineCommand } from '../command';
import { jsonFlag } from '../flags';
import { printJson } from '../output';

export const command = defineCommand({
  name: 'migrate',
  summary: 'Apply pending database migrations',
  description: `Applies prisma/migrations in order to DATABASE_URL (or the embedded PostgreSQL when unset)
and records them in _prisma_migrations the way Prisma Migrate does. Safe to re-run.`,
  flags: z.object({ json: jsonFlag() }),
  async run({ flags, io }) {
    const config = loadConfig();
    const log = createLogger('warn');
    const handle = await openDatabase(config, log);
    await handle.stop();
    if (flags.json) printJson(io, { ok: true, applied: handle.applied });
    else if (handle.applied.length === 0) io.stdout.write('Database is up to date; nothing to apply.\n');
    else
      io.stdout.write(
        `Applied ${handle.applied.length} migration(s):\n${handle.applied.map((m) => `  ${m}`).join('\n')}\n`,
      );
    return 0;
  },
});
