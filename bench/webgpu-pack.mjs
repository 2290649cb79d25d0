#!/usr/bin/env node
// Bundles bench/webgpu.ts into one file for a GPU machine that has Node but no npm access:
// .gpu-carry/webgpu-bench.mjs plus Dawn's linux-x64 binary beside it. Run there with
// `node .gpu-carry/webgpu-bench.mjs` (a Vulkan loader, libvulkan.so.1, must be installed).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, statSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, '.gpu-carry');
rmSync(out, { recursive: true, force: true });
mkdirSync(path.join(out, 'node_modules/webgpu/dist/linux-x64'), { recursive: true });
execFileSync(
  path.join(root, 'node_modules/.bin/esbuild'),
  [
    'bench/webgpu.ts',
    '--bundle',
    '--platform=node',
    '--format=esm',
    // Loaded at run time (or absent there, so the ladder falls past them).
    '--external:webgpu',
    '--external:@tensorflow/tfjs-node',
    '--external:@tensorflow/tfjs-node-gpu',
    // tfjs packages register their backends and kernels as side effects of being imported.
    '--ignore-annotations',
    '--tsconfig=tsconfig.json',
    `--outfile=${path.join(out, 'webgpu-bench.mjs')}`,
    '--log-level=warning',
    "--banner:js=import { createRequire as bannerCreateRequire } from 'module'; const require = bannerCreateRequire(import.meta.url);",
  ],
  { cwd: root, stdio: 'inherit' },
);
const dawn = path.join(root, 'node_modules/webgpu');
for (const f of ['index.js', 'package.json', 'dist/linux-x64/dawn.node'])
  cpSync(path.join(dawn, f), path.join(out, 'node_modules/webgpu', f));
// The WASM backend finds its .wasm files beside its package.json.
const wasm = path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm');
cpSync(path.join(wasm, 'package.json'), path.join(out, 'node_modules/@tensorflow/tfjs-backend-wasm/package.json'));
for (const f of readdirSync(path.join(wasm, 'dist')).filter((n) => n.endsWith('.wasm')))
  cpSync(path.join(wasm, 'dist', f), path.join(out, 'node_modules/@tensorflow/tfjs-backend-wasm/dist', f));
const size = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce(
    (sum, e) => sum + (e.isDirectory() ? size(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).size),
    0,
  );
console.log(`${path.relative(root, out)}: ${(size(out) / 2 ** 20).toFixed(1)} MiB`);
