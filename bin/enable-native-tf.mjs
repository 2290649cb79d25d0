#!/usr/bin/env node
// `npm run enable-native-tf [-- --gpu|--cpu]`: runs the install scripts of @tensorflow/tfjs-node-gpu and
// @tensorflow/tfjs-node, which npm skips (package.json allowScripts), on a machine that can download
// libtensorflow. The trainer's backend ladder then picks them up at its next start.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const wanted = args.includes('--cpu')
  ? ['@tensorflow/tfjs-node']
  : args.includes('--gpu')
    ? ['@tensorflow/tfjs-node-gpu']
    : ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];

let failed = 0;
for (const pkg of wanted) {
  const dir = path.join(root, 'node_modules', pkg);
  if (!existsSync(path.join(dir, 'package.json'))) {
    process.stderr.write(`${pkg}: not installed (run npm install first; it is an optional dependency)\n`);
    failed += 1;
    continue;
  }
  const script = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).scripts?.install;
  process.stdout.write(`${pkg}: ${script}\n`);
  const run = spawnSync(script, { cwd: dir, shell: true, stdio: 'inherit' });
  if (run.status === 0) process.stdout.write(`${pkg}: ready\n`);
  else {
    process.stderr.write(
      `${pkg}: its install script failed (exit ${run.status}); libtensorflow could not be fetched or built\n`,
    );
    failed += 1;
  }
}
if (failed === wanted.length) process.exit(1);
process.stdout.write('Check with `npx neuroloop doctor`: it names the backend the trainer will use.\n');
