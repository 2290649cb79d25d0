#!/usr/bin/env node
// `npm test`: lint, typecheck, unit + integration (real PostgreSQL: DATABASE_URL, else
// embedded), Next build, Playwright e2e (Debian chromium). Ends with one summary line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, '.data/test-results');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', CHECKPOINT_DISABLE: '1' };
const bin = (name) => path.join(root, 'node_modules/.bin', name);
const only = process.argv.slice(2); // e.g. `npm test -- unit integration`
const timings = [];
let failed = false;

function step(name, cmd, args) {
  if (only.length && !only.includes(name)) return;
  console.log(`\n=== ${name}: ${[path.basename(cmd), ...args].join(' ')}`);
  const t = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
  const seconds = (Date.now() - t) / 1000;
  timings.push(`${name} ${seconds.toFixed(1)}s${r.status === 0 ? '' : ' FAILED'}`);
  if (r.status !== 0) failed = true;
  return r.status === 0;
}

step('generate', process.execPath, [path.join(root, 'bin/prisma-generate.mjs')]);
step('lint', bin('eslint'), ['--max-warnings', '0', '.']);
step('format', bin('prettier'), ['--check', '.']);
step('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
step('unit', bin('vitest'), [
  'run',
  '--project',
  'unit',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${out}/unit.json`,
]);
step('integration', bin('vitest'), [
  'run',
  '--project',
  'integration',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${out}/integration.json`,
]);
if (step('build', process.execPath, [path.join(root, 'bin/build.mjs')]) !== false) {
  env.PLAYWRIGHT_JSON_OUTPUT_NAME = `${out}/e2e.json`;
  step('e2e', bin('playwright'), ['test', '--reporter=list,json']);
}

let passed = 0;
let failedTests = 0;
let skipped = 0;
for (const f of ['unit', 'integration']) {
  const file = `${out}/${f}.json`;
  if (!existsSync(file)) continue;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  failedTests += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
}
if (existsSync(`${out}/e2e.json`)) {
  const s = JSON.parse(readFileSync(`${out}/e2e.json`, 'utf8')).stats ?? {};
  passed += (s.expected ?? 0) + (s.flaky ?? 0);
  failedTests += s.unexpected ?? 0;
  skipped += s.skipped ?? 0;
}
console.log(`\nSteps: ${timings.join(', ')}`);
console.log(`${passed} passed, ${failedTests} failed, ${skipped} skipped`);
process.exit(failed || failedTests > 0 ? 1 : 0);
