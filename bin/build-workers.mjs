#!/usr/bin/env node
// Bundles the worker threads' TypeScript (import decoding, agreement statistics) into plain
// JavaScript under dist/workers/, so that a worker starts without tsx's loader: a worker that
// compiles its sources through tsx holds about 20 MB more (docs/ARCHITECTURE.md, "Workers").
// npm packages stay outside the bundle (node_modules is resolved from dist/workers/).
// A manifest lists each bundle's sources; server/workers/bundled-entry.ts uses a bundle only
// while none of them is newer than it.
//   node bin/build-workers.mjs [--outdir DIR] [--quiet]
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const flag = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const outdir = path.resolve(root, flag('outdir') ?? 'dist/workers');
const quiet = process.argv.includes('--quiet');

/** Bundle name → its TypeScript entry. */
export const WORKERS = {
  'decode-worker': 'server/imaging/decode-worker-main.ts',
  'agreement-worker': 'server/agreement/agreement-worker-main.ts',
};

const started = Date.now();
mkdirSync(outdir, { recursive: true });
const manifest = {};
for (const [name, entry] of Object.entries(WORKERS)) {
  const file = path.join(outdir, `${name}.mjs`);
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    tsconfig: path.join(root, 'tsconfig.json'),
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  const inputs = Object.keys(result.metafile.inputs).map((p) => path.resolve(root, p));
  manifest[name] = { file: path.basename(file), builtAt: statSync(file).mtimeMs, inputs };
}
writeFileSync(path.join(outdir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
if (!quiet) console.log(`workers bundled in ${((Date.now() - started) / 1000).toFixed(1)}s (${outdir})`);
