/**
 * The project page's scan grid at 10,000 scans: time from navigation to the first card on
 * screen in Chromium (1440x900), median of several loads, against the 24-scan demo project
 * loaded in turn, and the grid API's answer time for a filtered, sorted page. Target: the first
 * card in under a second on an idle machine.
 *
 * Needs a running server and its data directory (demo logins, database credentials), e.g.:
 *   E2E_PORT=3531 E2E_PG_PORT=54532 E2E_DATA_DIR=.data/e2e-manual node bin/e2e-server.mjs
 *   npx tsx bench/scan-grid.ts --base http://127.0.0.1:3531 --data-dir .data/e2e-manual --pg-port 54532 [--scans 10000] [--loads 7]
 * Writes bench/results/scan-grid.json.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { z } from 'zod';
import { appendAnnotations, insertScans, withPg, type SeedAnnotation } from '../tests/helpers/agreement-fixtures';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const flags = z
  .object({
    base: z.string().url().default('http://127.0.0.1:3531'),
    'data-dir': z.string().default('.data/e2e-manual'),
    'pg-port': z.coerce.number().int().positive().default(54532),
    scans: z.coerce.number().int().min(100).max(100_000).default(10_000),
    loads: z.coerce.number().int().min(3).max(50).default(7),
  })
  .strict()
  .parse(
    Object.fromEntries(
      process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])),
    ),
  );
const TARGET_MS = 1000;

const dataDir = path.resolve(root, flags['data-dir']);
const { password } = JSON.parse(readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8')) as {
  password: string;
};
const { superuser } = JSON.parse(readFileSync(path.join(dataDir, 'postgres-credentials.json'), 'utf8')) as {
  superuser: string;
};
const dbUrl = `postgresql://postgres:${encodeURIComponent(superuser)}@127.0.0.1:${flags['pg-port']}/neuroloop`;

const slug = `grid-bench-${Date.now().toString(36)}`;
await withPg(dbUrl, async (c) => {
  const { rows: users } = await c.query<{ id: string; email: string }>(
    `SELECT id, email FROM "User" WHERE email IN ('lead@neuroloop.local', 'annotator1@neuroloop.local', 'annotator2@neuroloop.local')`,
  );
  const idOf = (email: string) => users.find((u) => u.email === email)!.id;
  const projectId = `p-${slug}`;
  await c.query(
    `INSERT INTO "Project" (id, slug, name, labels, "normalLabels", "updatedAt") VALUES ($1, $2, $3, $4, $5, now())`,
    [projectId, slug, `Grid bench (${flags.scans} scans)`, ['normal', 'hemorrhage'], ['normal']],
  );
  await c.query(`INSERT INTO "ProjectMember" ("projectId", "userId", role) VALUES ($1, $2, 'LEAD')`, [
    projectId,
    idOf('lead@neuroloop.local'),
  ]);
  const ids = await insertScans(c, projectId, flags.scans, { prefix: 'grid' });
  // Half the scans read once or twice (some disagreeing), the rest in the review queue with scores.
  const reads: SeedAnnotation[] = [];
  ids.slice(0, flags.scans / 2).forEach((scanId, i) => {
    reads.push({ scanId, authorId: idOf('annotator1@neuroloop.local'), labels: [i % 3 ? 'normal' : 'hemorrhage'] });
    if (i % 2)
      reads.push({ scanId, authorId: idOf('annotator2@neuroloop.local'), labels: [i % 5 ? 'normal' : 'hemorrhage'] });
  });
  await appendAnnotations(c, projectId, reads);
  const queued = ids.slice(flags.scans / 2);
  await c.query(
    `INSERT INTO "QueueItem" (id, "projectId", "scanId", queue, rank, strategy, score, reason)
     SELECT 'q-' || s.id, $1, s.id, 'REVIEW', s.n, 'entropy', 1.0 / s.n, 'entropy'
     FROM unnest($2::text[]) WITH ORDINALITY AS s(id, n)`,
    [projectId, queued],
  );
});

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
// A shared machine can stall a first load for long: the warm-up round is not timed anyway.
page.setDefaultTimeout(120_000);
await page.goto(`${flags.base}/login`);
await page.getByLabel('Email').fill('lead@neuroloop.local');
await page.getByLabel('Password').fill(password);
await page.getByRole('button', { name: 'Sign in' }).click();
await page.getByTestId('current-user').waitFor();

// The same page of the 24-scan demo project, loaded in turn with the big one: on a shared
// machine the ratio of the two says what 10,000 scans cost, whatever the load.
const BASELINE_SLUG = 'ct-hemorrhage-demo';
const firstCardMs: number[] = [];
const baselineMs: number[] = [];
async function timeFirstCard(projectSlug: string): Promise<number> {
  const t0 = performance.now();
  await page.goto(`${flags.base}/projects/${projectSlug}`, { waitUntil: 'commit' });
  await page.getByTestId('scan-card').first().waitFor({ state: 'visible' });
  return performance.now() - t0;
}
for (let i = 0; i <= flags.loads; i++) {
  const big = await timeFirstCard(slug);
  const small = await timeFirstCard(BASELINE_SLUG);
  // The first round compiles and warms the caches.
  if (i > 0) {
    firstCardMs.push(big);
    baselineMs.push(small);
  }
}
await page.goto(`${flags.base}/projects/${slug}`);
await page.getByTestId('scan-card').first().waitFor({ state: 'visible' });
const cardsInPage = await page.getByTestId('scan-card').count();
const apiMs: number[] = [];
for (let i = 0; i < flags.loads; i++) {
  apiMs.push(
    await page.evaluate(async (url) => {
      const t0 = performance.now();
      const res = await fetch(url);
      await res.json();
      return performance.now() - t0;
    }, `/api/projects/${slug}/scans/grid?filter=disagreement&sort=name&q=grid-scan-1&limit=120`),
  );
}
await browser.close();

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return Number(s[Math.floor(s.length / 2)].toFixed(1));
};
const result = {
  bench: 'scan-grid',
  date: new Date().toISOString(),
  commit: execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim(),
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  loadAverage1m: Number(loadavg()[0].toFixed(2)),
  setup: `${flags.scans} scans (half read once or twice, half in the review queue), Chromium 1440x900, ${flags.loads} loads after one warm-up`,
  firstCardMedianMs: median(firstCardMs),
  firstCardMs: firstCardMs.map((x) => Number(x.toFixed(1))),
  baselineProject: `${BASELINE_SLUG} (24 scans)`,
  baselineFirstCardMedianMs: median(baselineMs),
  baselineFirstCardMs: baselineMs.map((x) => Number(x.toFixed(1))),
  ratioToBaseline: Number((median(firstCardMs) / median(baselineMs)).toFixed(2)),
  cardsInPage,
  gridApiMedianMs: median(apiMs),
  targetMs: TARGET_MS,
  meetsTarget: median(firstCardMs) < TARGET_MS,
};
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
writeFileSync(path.join(root, 'bench/results/scan-grid.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
