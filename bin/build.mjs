#!/usr/bin/env node
// Builds what `npm start` and the e2e tests need: the Prisma client, the worker threads'
// bundles (bin/build-workers.mjs) and the Next build.
// Skips the Next build when the sources it depends on have not changed since the last one.
// --quiet (npm start): one line per step; a failing step's output is printed in full.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', CHECKPOINT_DISABLE: '1' };
const quiet = process.argv.includes('--quiet');
const run = (args, label) => {
  const t = Date.now();
  const r = spawnSync(process.execPath, args, {
    cwd: root,
    env,
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    if (quiet) process.stderr.write((r.stdout ?? '') + (r.stderr ?? ''));
    console.error(`${label} failed`);
    process.exit(r.status ?? 1);
  }
  console.log(`${label} done in ${((Date.now() - t) / 1000).toFixed(1)}s`);
};

run([path.join(root, 'bin/prisma-generate.mjs')], 'prisma generate');
run([path.join(root, 'bin/build-workers.mjs'), '--quiet'], 'worker bundles');

const inputs = [
  'app',
  'components',
  'lib',
  'server',
  'generated',
  'next.config.js',
  'postcss.config.mjs',
  'package-lock.json',
  'tsconfig.json',
];
const hash = createHash('sha256');
const walk = (p) => {
  if (!existsSync(p)) return;
  const st = statSync(p);
  if (st.isDirectory()) for (const e of readdirSync(p).sort()) walk(path.join(p, e));
  else hash.update(p).update(readFileSync(p));
};
inputs.forEach((i) => walk(path.join(root, i)));
const digest = hash.digest('hex');
const stamp = path.join(root, '.next/neuroloop-build-stamp');
if (!process.argv.includes('--force') && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) {
  console.log('next build is up to date');
} else {
  if (quiet) console.log('building the web app (next build; the first start takes a few minutes) ...');
  run([path.join(root, 'node_modules/next/dist/bin/next'), 'build'], 'next build');
  writeFileSync(stamp, digest);
}
