import path from 'node:path';
import { z } from 'zod';
import { seedDemo } from '@/server/use-cases/seed-demo';
import { seedDemoScans } from '@/server/use-cases/seed-demo-scans';
import { formatDemoCredentials, saveDemoCredentials } from '@/server/demo-credentials';
import { withDb } from '../lib/with-db';
import { defineCommand } from '../command';
import { jsonFlag } from '../flags';
import { printJson } from '../output';

export const command = defineCommand({
  name: 'seed-demo',
  summary: 'Seed demo users and a demo project into an empty database',
  description: `Only acts on an empty database (no users). Prints the demo logins; the password is random
for each installation and is kept in DATA_DIR/demo-credentials.json (mode 0600).`,
  flags: z.object({ json: jsonFlag() }),
  async run({ flags, io }) {
    let dataDir = '';
    const seed = await withDb(async ({ db, config }) => {
      dataDir = config.dataDir;
      const s = await seedDemo(db);
      if (!s) return null;
      saveDemoCredentials(config.dataDir, { password: s.password, users: s.users, projectSlug: s.projectSlug });
      const { imported } = await seedDemoScans(db, {
        projectId: s.projectId,
        count: config.DEMO_SCAN_COUNT,
        storageDir: config.storageDir,
        maxPixels: config.IMPORT_MAX_PIXELS,
      });
      return { ...s, scans: imported };
    });
    if (flags.json) {
      // Not a terminal's business: the password stays in the credentials file.
      const shown = seed && {
        ...seed,
        password: undefined,
        credentialsFile: path.join(dataDir, 'demo-credentials.json'),
      };
      printJson(io, shown ?? { seeded: false, reason: 'database not empty' });
    } else if (!seed) io.stdout.write('The database already has users; nothing seeded.\n');
    else {
      const logins = formatDemoCredentials(seed, { showPassword: io.isTTY, dataDir });
      io.stdout.write(`${logins}\n${seed.scans} synthetic CT slices imported.\n`);
    }
    return 0;
  },
});
