import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './base';
import pg from 'pg';
import { createDb, type Db } from '@/server/db/client';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';
import { encodeHeatmapFile, heatmapRelativePath } from '@/server/jobs/explain-queue';
import { createLogger } from '@/server/logger';
import type { PacsContext } from '@/server/pacs/pacs-context';
import { addPacsSource } from '@/server/use-cases/add-pacs-source';
import { createProject } from '@/server/use-cases/create-project';
import { importPacsSeries } from '@/server/use-cases/import-pacs-series';
import { queryPacsSeries } from '@/server/use-cases/query-pacs-series';
import { submitAnnotation } from '@/server/use-cases/submit-annotation';
import { orthancMissingReason, startTestOrthanc, type TestOrthanc } from '../helpers/orthanc';
import { e2eDatabaseUrl, login } from './helpers';

const missing = orthancMissingReason();
if (missing) process.stdout.write(`SKIP PACS report browser tests: ${missing}\n`);
const storageDir = path.resolve(import.meta.dirname, '../..', process.env.E2E_DATA_DIR ?? '.data/e2e', 'storage');

test.describe('reports back to the PACS', () => {
  test.describe.configure({ mode: 'serial' });
  // Without Orthanc there is no PACS to test against (.ci/run installs it).
  test.skip(missing !== null, `No PACS to test against: ${missing}`);
  let orthanc: TestOrthanc;
  let dir: string;
  let db: Db;
  let sql: pg.Pool;
  let slug: string;
  /** The scan the model scored (its Grad-CAM is ready) and one it did not. */
  let scored: { id: string; name: string; study: string };
  let unscored: { id: string; name: string };

  test.beforeAll(async () => {
    orthanc = await startTestOrthanc();
    dir = await mkdtemp(path.join(os.tmpdir(), 'nl-e2e-pacs-reports-'));
    await writeSynthDataset({ kind: 'ct-hemorrhage', count: 2, outDir: dir, seed: 4242, difficulty: 0.5, size: 64 });
    const files = await Promise.all(
      (await readdir(dir)).filter((f) => f.endsWith('.dcm')).map((f) => readFile(path.join(dir, f))),
    );
    expect(await orthanc.stow(files)).toBe(200);

    const url = e2eDatabaseUrl();
    db = createDb(url, { max: 2 });
    sql = new pg.Pool({ connectionString: url, max: 2 });
    const lead = await db.user.findUniqueOrThrow({ where: { email: 'lead@neuroloop.local' } });
    const clinician = await db.user.findUniqueOrThrow({ where: { email: 'clinician@neuroloop.local' } });
    slug = `pacs-reports-${Date.now().toString(36)}`;
    const project = await createProject(
      db,
      { slug, name: 'PACS reports', task: 'BINARY', labels: ['normal', 'hemorrhage'], normalLabels: ['normal'] },
      lead.id,
    );
    // The source and the import as a lead makes them on the PACS page (tests/e2e/pacs.spec.ts drives that).
    const ctx: PacsContext = {
      key: Buffer.alloc(32, 7),
      policy: { allowed: ['127.0.0.1'] },
      idleTimeoutMs: 10_000,
      attempts: 2,
      backoffMs: 50,
      downloadConcurrency: 2,
      log: createLogger('warn', 'e2e'),
    };
    const source = await addPacsSource(db, ctx, {
      projectId: project.id,
      userId: lead.id,
      source: { name: 'orthanc', baseUrl: orthanc.dicomWebUrl },
    });
    for (const s of (await queryPacsSeries(db, ctx, { projectId: project.id, sourceId: source.id })).series)
      await importPacsSeries(db, ctx, {
        projectId: project.id,
        userId: lead.id,
        sourceId: source.id,
        studyInstanceUid: s.studyInstanceUid,
        seriesInstanceUid: s.seriesInstanceUid,
        storageDir,
        maxPixels: 1 << 24,
      });
    const scans = await db.scan.findMany({ where: { projectId: project.id }, orderBy: { originalName: 'asc' } });
    expect(scans).toHaveLength(2);
    // Two readers agree on each scan: a consensus label.
    for (const scan of scans)
      for (const [i, u] of [lead, clinician].entries())
        await submitAnnotation(db, sql, {
          projectId: project.id,
          user: { id: u.id, name: u.name, role: u.role },
          input: {
            idempotencyKey: `${scan.id}-${i}`,
            scanId: scan.id,
            supersedesId: null,
            intent: { kind: 'label', labels: ['hemorrhage'] },
          },
        });
    const version = await db.modelVersion.create({
      data: {
        projectId: project.id,
        kind: 'CNN',
        version: 1,
        backend: 'wasm',
        hyperParams: {},
        labelCount: 2,
        state: 'READY',
        active: true,
        artifactPath: `models/${project.id}/cnn-v1`,
      },
    });
    const [first, second] = scans;
    await db.prediction.create({ data: { modelVersionId: version.id, scanId: first.id, probabilities: [0.1, 0.9] } });
    // The e2e server runs no trainer: the finished Grad-CAM is planted as the explain worker leaves it.
    const heatmapPath = heatmapRelativePath(version.id, first.id);
    await mkdir(path.dirname(path.join(storageDir, heatmapPath)), { recursive: true });
    const blob = Float32Array.from({ length: 32 * 32 }, (_, i) =>
      Math.exp(-(((i % 32) - 20) ** 2 + (Math.floor(i / 32) - 12) ** 2) / 16),
    );
    await writeFile(
      path.join(storageDir, heatmapPath),
      encodeHeatmapFile({ width: 32, height: 32, classIndex: 1, heatmap: blob }),
    );
    await db.explanation.create({
      data: {
        modelVersionId: version.id,
        scanId: first.id,
        state: 'SUCCEEDED',
        layerName: 'conv2',
        heatmapPath,
        finishedAt: new Date(),
      },
    });
    const meta = first.dicomMeta as Record<string, string>;
    scored = { id: first.id, name: first.originalName, study: meta.StudyInstanceUID };
    unscored = { id: second.id, name: second.originalName };
  });

  test.afterAll(async () => {
    await sql?.end();
    await db?.$disconnect();
    await orthanc?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('a lead sends a report with the Grad-CAM from the adjudication page and sees it listed', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await login(page, 'lead@neuroloop.local');
    await page.goto(`/projects/${slug}/adjudication`);
    const panel = page.getByRole('region', { name: 'Send results to the PACS' });
    await expect(panel.getByRole('row')).toHaveCount(3);
    await panel.getByLabel('Include Grad-CAM').check();

    // A scan the model has not scored: refused with the reason, nothing sent.
    await panel.getByRole('button', { name: `Send ${unscored.name} to PACS` }).click();
    await expect(panel.getByRole('alert')).toContainText('No active model has scored this scan yet');

    await panel.getByRole('button', { name: `Send ${scored.name} to PACS` }).click();
    const row = panel.getByRole('row').filter({ has: page.getByTitle(scored.name) });
    await expect(row.getByRole('status')).toContainText('Sent the report and Grad-CAM to orthanc');
    await expect(row).toContainText('sent');
    if (process.env.PACS_SCREENSHOT_DIR)
      await page.screenshot({
        path: path.join(process.env.PACS_SCREENSHOT_DIR, 'adjudication-send.png'),
        fullPage: true,
      });

    await page.goto(`/projects/${slug}/pacs`);
    const list = page.getByRole('region', { name: 'Reports sent' });
    await expect(list.getByRole('row')).toHaveCount(2);
    await expect(list.getByRole('row').nth(1).getByTitle(scored.name)).toBeVisible();
    await expect(list.getByRole('row').nth(1)).toContainText('probabilities, Grad-CAM');
    await expect(list.getByRole('row').nth(1)).toContainText('Lena Lead');
    await expect(list.getByRole('row').nth(1)).toContainText('sent');
    if (process.env.PACS_SCREENSHOT_DIR)
      await page.screenshot({ path: path.join(process.env.PACS_SCREENSHOT_DIR, 'pacs-reports.png'), fullPage: true });

    // Orthanc holds the report and the capture in the scan's study.
    const res = await fetch(`${orthanc.dicomWebUrl}/studies/${scored.study}/series`);
    const series = (await res.json()) as Record<string, { Value?: string[] }>[];
    expect(series.map((s) => s['00080060']?.Value?.[0]).sort()).toEqual(['CT', 'OT', 'SR']);
  });
});
