#!/usr/bin/env node
// `prisma generate` offline: the CLI insists on locating a schema engine it never uses
// for generation, so point it at any existing file. Runs at `npm install` (postinstall),
// in `npm start`'s build and, when the client is missing, before a CLI command.
// --quiet: print only errors.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  CHECKPOINT_DISABLE: '1',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
};
const r = spawnSync(process.execPath, [path.join(root, 'node_modules/prisma/build/index.js'), 'generate'], {
  cwd: root,
  env,
  stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
  encoding: 'utf8',
});
if (quiet && r.status !== 0) process.stderr.write((r.stdout ?? '') + (r.stderr ?? ''));
process.exit(r.status ?? 1);
