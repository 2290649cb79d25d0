/**
 * How fast the next scan is on screen after the reader presses N on the labelling page:
 * from the keydown to the viewer's first draw of the new image (the 'neuroloop:image-drawn'
 * User Timing mark), in Chromium against the built app, with the reader dwelling on each
 * scan as a reader would (the page loads the next scans meanwhile). Also counts how often
 * the "Loading image…" cover showed between the key and the image. Target: p50 under 50 ms.
 *
 * Run (after `node bin/build.mjs`):
 *   npx tsx bench/reading-prefetch.ts [--presses 30] [--dwell-ms 600] [--port 3521] [--pg-port 54522]
 * Writes bench/results/reading-prefetch.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const flag = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const presses = flag('presses', 30);
const dwellMs = flag('dwell-ms', 600);
const port = flag('port', 3521);
const pgPort = flag('pg-port', 54522);
const TARGET_P50_MS = 50;
const dataDir = path.join(root, '.data/bench-reading');
const slug = 'ct-hemorrhage-demo';
const base = `http://127.0.0.1:${port}`;

const server = spawn(process.execPath, [path.join(root, 'bin/e2e-server.mjs')], {
  cwd: root,
  env: {
    ...process.env,
    E2E_PORT: String(port),
    E2E_PG_PORT: String(pgPort),
    E2E_DATA_DIR: path.relative(root, dataDir),
    DEMO_SCAN_COUNT: String(presses + 16),
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const stopServer = () =>
  new Promise<void>((resolve) => {
    if (server.exitCode !== null) return resolve();
    server.once('exit', () => resolve());
    server.kill('SIGTERM');
  });

async function waitForHealth(timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no /healthz within ${timeoutMs} ms`);
}

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

try {
  await waitForHealth(240_000);
  const { password } = JSON.parse(readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8')) as {
    password: string;
  };
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill('annotator1@neuroloop.local');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('current-user').waitFor();
  await page.goto(`${base}/projects/${slug}/scans`);
  await page.getByTestId('scan-viewer-canvas').and(page.locator('[aria-label*=" by "]')).waitFor();
  // Keydown time and every "Loading image…" cover, recorded in the page itself.
  await page.evaluate(() => {
    const w = window as unknown as { benchKeyAt: number; benchCovers: number };
    w.benchKeyAt = 0;
    w.benchCovers = 0;
    window.addEventListener('keydown', (e) => e.key === 'n' && (w.benchKeyAt = performance.now()), true);
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('[role="status"]'))
        if (el.textContent === 'Loading image…' && w.benchKeyAt > 0) w.benchCovers++;
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  const latencies: number[] = [];
  let covered = 0;
  for (let i = 0; i < presses; i++) {
    await page.waitForTimeout(dwellMs);
    const before = page.url();
    await page.evaluate(() => {
      const w = window as unknown as { benchCovers: number };
      w.benchCovers = 0;
      performance.clearMarks('neuroloop:image-drawn');
    });
    await page.keyboard.press('n');
    await page.waitForFunction(
      (url) => location.href !== url && performance.getEntriesByName('neuroloop:image-drawn').length > 0,
      before,
      { timeout: 30_000 },
    );
    const { ms, covers } = await page.evaluate(() => {
      const w = window as unknown as { benchKeyAt: number; benchCovers: number };
      const drawn = performance.getEntriesByName('neuroloop:image-drawn')[0];
      return { ms: drawn.startTime - w.benchKeyAt, covers: w.benchCovers };
    });
    latencies.push(ms);
    if (covers > 0) covered++;
  }
  await browser.close();

  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (v: number) => Number(v.toFixed(1));
  const p50Ms = round(quantile(sorted, 0.5));
  const result = {
    bench: 'reading-prefetch',
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    loadAverage1m: Number(loadavg()[0].toFixed(2)),
    setup: `Chromium 1440x900, annotator1 presses N ${presses} times on the demo CT project (256x256 slices), dwelling ${dwellMs} ms on each scan`,
    presses,
    dwellMs,
    p50Ms,
    p90Ms: round(quantile(sorted, 0.9)),
    minMs: round(sorted[0]),
    maxMs: round(sorted[sorted.length - 1]),
    loadingCoverShown: covered,
    targetP50Ms: TARGET_P50_MS,
    met: p50Ms < TARGET_P50_MS,
    latenciesMs: latencies.map(round),
  };
  const dir = path.join(root, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'reading-prefetch.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(
    `next scan on screen: p50 ${result.p50Ms} ms, p90 ${result.p90Ms} ms (target p50 < ${TARGET_P50_MS} ms: ${result.met ? 'met' : 'not met'}); loading cover on ${covered}/${presses}`,
  );
} finally {
  await stopServer();
}
