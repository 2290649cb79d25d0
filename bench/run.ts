/**
 * `npm run bench -- <name> [flags]` runs bench/<name>.ts with its flags; without a name it lists them.
 * Each benchmark writes its JSON to bench/results/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const helpers = new Set(['run', 'process-cpu', 'realtime-clients']);
const names = readdirSync(here)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .filter((n) => !helpers.has(n))
  .sort();
const [name, ...args] = process.argv.slice(2);
if (!name || !names.includes(name) || !existsSync(path.join(here, `${name}.ts`))) {
  process.stderr.write(`Usage: npm run bench -- <${names.join('|')}> [flags]\n`);
  process.exit(name ? 2 : 0);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, `${name}.ts`), ...args], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
