import { z } from 'zod';
import { seedDemo } from '@/server/use-cases/seed-demo';
import { seedDemoScans } from '@/server/use-cases/seed-demo-scans';
import { formatDemoCredentials, saveDemoCredentials } from '@/server/demo-credentials';
import { withDb } from '../lib/with-db';
import { parseFlags } from '../flags';
import { printJson } from '../output';
import type { CliCommand } from '../types';

export const command: CliCommand = {
  name: 'seed-demo',
  summary: 'Seed demo users and a demo project into an empty database',
  help: `Usage: neuroloop seed-demo [--json]

Only acts on an empty database (no users). Prints the demo logins; the password is random
for each installation and is kept in DATA_DIR/demo-credentials.json (mode 0600).`,
  async run(args, io) {
    const { flags } = parseFlags(args, { json: { type: 'boolean' } }, z.object({ json: z.boolean().optional() }));
    const seed = await withDb(async ({ db, config }) => {
      const s = await seedDemo(db);
      if (!s) return null;
      saveDemoCredentials(config.dataDir, { password: s.password, users: s.users, projectSlug: s.projectSlug });
      const { imported } = await seedDemoScans(db, { projectId: s.projectId, count: config.DEMO_SCAN_COUNT, storageDir: config.storageDir, maxPixels: config.IMPORT_MAX_PIXELS });
      return { ...s, scans: imported };
    });
    if (flags.json) printJson(io, seed ?? { seeded: false, reason: 'database not empty' });
    else if (!seed) io.stdout.write('The database already has users; nothing seeded.\n');
    else io.stdout.write(`${formatDemoCredentials(seed)}\n${seed.scans} synthetic CT slices imported.\n`);
    return 0;
  },
};
