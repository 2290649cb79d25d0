/**
 * The floor under every acked label: an ack is sent only after COMMIT, and a
 * commit waits until PostgreSQL's WAL is on disk (fdatasync, its wal_sync_method on
 * Linux). This measures how long the disk under the database takes to do that: 8 KiB
 * written and fdatasync'ed, 200 times a second (the bench's label rate at 200 annotators
 * is ~100 commits a second) for --seconds, in a scratch file beside PostgreSQL's data
 * directory (DATABASE_URL's server when it runs here and says where its data is), else in
 * .data. Raw Socket.IO echo, the realtime bench's baseline, never pays this.
 *
 * Run: npx tsx bench/fsync.ts [--seconds 60] [--dir DIR] [--out FILE]
 * Writes bench/results/fsync.json (or FILE).
 */
import { closeSync, existsSync, fdatasyncSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const BLOCK = 8192;
const FILE_BYTES = 16 << 20;
const PER_SECOND = 200;

/** The directory that holds PostgreSQL's data directory, when the server is local and says. */
async function databaseDiskDir(): Promise<string | null> {
  const url = process.env.DATABASE_URL;
  if (!url) return null;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ data_directory: string }>('SHOW data_directory');
    const dir = path.dirname(rows[0].data_directory);
    return existsSync(dir) ? dir : null;
  } catch {
    return null; // not a superuser, or not this machine's server
  } finally {
    await client.end().catch(() => undefined);
  }
}

function quantile(sorted: readonly number[], q: number): number {
  return Number(sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))].toFixed(2));
}

async function main(): Promise<void> {
  const seconds = Number(arg('seconds', '60'));
  const dir = arg('dir', '') || (await databaseDiskDir()) || path.join(root, '.data');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `neuroloop-fsync-probe-${process.pid}`);
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(BLOCK, 0x5a);
  const latencies: number[] = [];
  try {
    const end = performance.now() + seconds * 1000;
    let offset = 0;
    let next = performance.now();
    while (performance.now() < end) {
      const t0 = performance.now();
      writeSync(fd, block, 0, BLOCK, offset);
      fdatasyncSync(fd);
      latencies.push(performance.now() - t0);
      offset = (offset + BLOCK) % FILE_BYTES;
      next += 1000 / PER_SECOND;
      await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const result = {
    bench: 'fsync',
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    setup: `${BLOCK} B written and fdatasync'ed ${PER_SECOND} times a second for ${seconds} s in ${dir}`,
    syncs: sorted.length,
    fdatasyncMs: {
      p50: quantile(sorted, 0.5),
      p95: quantile(sorted, 0.95),
      p99: quantile(sorted, 0.99),
      p999: quantile(sorted, 0.999),
      max: quantile(sorted, 1),
    },
    over10Ms: sorted.filter((x) => x > 10).length,
    over50Ms: sorted.filter((x) => x > 50).length,
    over100Ms: sorted.filter((x) => x > 100).length,
  };
  const out = arg('out', path.join(root, 'bench/results/fsync.json'));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `fdatasync over ${result.syncs} syncs: p50/p95/p99/p99.9/max ${Object.values(result.fdatasyncMs).join('/')} ms; over 10 ms ${result.over10Ms}, over 50 ms ${result.over50Ms}, over 100 ms ${result.over100Ms}`,
  );
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

await main();
