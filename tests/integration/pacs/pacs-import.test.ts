import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';
import { createLogger } from '@/server/logger';
import type { PacsContext } from '@/server/pacs/pacs-context';
import { addPacsSource } from '@/server/use-cases/add-pacs-source';
import { importPacsSeries } from '@/server/use-cases/import-pacs-series';
import { listPacsSources } from '@/server/use-cases/list-pacs-sources';
import { queryPacsSeries } from '@/server/use-cases/query-pacs-series';
import { syncPacsSource } from '@/server/use-cases/sync-pacs-source';
import { makeProject, makeUser } from '../../helpers/fixtures';
import { orthancMissingReason, startTestOrthanc, type TestOrthanc } from '../../helpers/orthanc';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';

const missing = orthancMissingReason();
if (missing) process.stdout.write(`SKIP PACS import tests: ${missing}\n`);
const samples = path.resolve(import.meta.dirname, '../../../../shared/data/dicom');
const haveSamples = readdirSafe(samples).length > 0;
if (!haveSamples) process.stdout.write(`SKIP the real-sample PACS test: no samples in ${samples}\n`);

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

async function synthSeries(dir: string, seed: number, count: number): Promise<Uint8Array[]> {
  const out = path.join(dir, `ct-${seed}`);
  await writeSynthDataset({ kind: 'ct-hemorrhage', count, outDir: out, seed, difficulty: 0.5, size: 64 });
  return readdirSync(out)
    .filter((f) => f.endsWith('.dcm'))
    .sort()
    .map((f) => readFileSync(path.join(out, f)));
}

describe.skipIf(missing)('PACS: browse, import and sync from a real Orthanc (DICOMweb)', () => {
  let t: TestDatabase;
  let orthanc: TestOrthanc;
  let dir: string;
  let ctx: PacsContext;
  beforeAll(async () => {
    [t, orthanc] = await Promise.all([createTestDatabase(), startTestOrthanc()]);
    dir = mkdtempSync(path.join(os.tmpdir(), 'nl-pacs-test-'));
    ctx = {
      key: Buffer.alloc(32, 7),
      policy: { allowed: ['127.0.0.1'] },
      idleTimeoutMs: 10_000,
      attempts: 2,
      backoffMs: 20,
      downloadConcurrency: 3,
      log: createLogger('warn', 'pacs-test'),
    };
  });
  afterAll(async () => {
    await Promise.all([t?.drop(), orthanc?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('imports a synthetic CT series stored over STOW-RS, keeps it together, and a sync picks up a new study', async () => {
    const lead = await makeUser(t.db, 'LEAD');
    const project = await makeProject(t.db, { labels: ['normal', 'bleed'], normalLabels: ['normal'] }, lead.id);
    expect(await orthanc.stow(await synthSeries(dir, 11, 6))).toBe(200);
    const source = await addPacsSource(t.db, ctx, {
      projectId: project.id,
      userId: lead.id,
      source: { name: 'orthanc', baseUrl: `${orthanc.dicomWebUrl}/`, filter: { modality: 'CT' } },
    });
    expect(source.baseUrl).toBe(orthanc.dicomWebUrl);

    const found = await queryPacsSeries(t.db, ctx, { projectId: project.id, sourceId: source.id });
    expect(found.series).toHaveLength(1);
    const [series] = found.series;
    expect(series).toMatchObject({ modality: 'CT', instances: 6, import: null });

    const storage = path.join(dir, 'storage');
    const common = {
      projectId: project.id,
      userId: lead.id,
      sourceId: source.id,
      storageDir: storage,
      maxPixels: 1 << 24,
    };
    const phases = new Set<string>();
    const result = await importPacsSeries(
      t.db,
      ctx,
      { ...common, studyInstanceUid: series.studyInstanceUid, seriesInstanceUid: series.seriesInstanceUid },
      (p) => phases.add(p.phase),
    );
    expect(result).toMatchObject({ state: 'imported', instances: 6, imported: 6, failures: [] });
    expect(phases).toEqual(new Set(['download', 'import']));
    const scans = await t.db.scan.findMany({ where: { projectId: project.id } });
    expect(scans).toHaveLength(6);
    expect(new Set(scans.map((s) => s.seriesKey))).toEqual(new Set([series.seriesInstanceUid]));
    // The allow-list applies: no patient attributes reach the database.
    expect(scans.every((s) => !JSON.stringify(s.dicomMeta).includes('Patient'))).toBe(true);

    const again = await importPacsSeries(t.db, ctx, {
      ...common,
      studyInstanceUid: series.studyInstanceUid,
      seriesInstanceUid: series.seriesInstanceUid,
    });
    expect(again.state).toBe('already-imported');
    const browsed = await queryPacsSeries(t.db, ctx, { projectId: project.id, sourceId: source.id });
    expect(browsed.series[0].import).toMatchObject({ state: 'succeeded', imported: 6 });

    // A new study arrives on the PACS; the sync imports it and only it.
    expect(await orthanc.stow(await synthSeries(dir, 1011, 4))).toBe(200);
    const status = await syncPacsSource(t.db, ctx, { ...common });
    expect(status).toMatchObject({ state: 'succeeded', seriesFound: 2, seriesImported: 1, imported: 4, errors: [] });
    expect(await t.db.scan.count({ where: { projectId: project.id } })).toBe(10);
    const quiet = await syncPacsSource(t.db, ctx, { ...common });
    expect(quiet).toMatchObject({ state: 'succeeded', seriesFound: 2, seriesImported: 0, imported: 0 });
    const [view] = await listPacsSources(t.db, project.id);
    expect(view).toMatchObject({ seriesImported: 2, syncStatus: { state: 'succeeded' } });
    expect(view.lastSyncAt).not.toBeNull();
  });

  it.skipIf(!haveSamples)(
    'imports the real samples: every transfer syntax decodes, the series stay apart',
    async () => {
      const lead = await makeUser(t.db, 'LEAD');
      const project = await makeProject(t.db, {}, lead.id);
      const files = ['ct', 'mr'].flatMap((sub) =>
        readdirSafe(path.join(samples, sub)).map((f) => readFileSync(path.join(samples, sub, f))),
      );
      expect(await orthanc.stow(files)).toBe(200);
      const source = await addPacsSource(t.db, ctx, {
        projectId: project.id,
        userId: lead.id,
        source: { name: 'samples', baseUrl: orthanc.dicomWebUrl, filter: { modality: 'MR' } },
      });
      const { series } = await queryPacsSeries(t.db, ctx, { projectId: project.id, sourceId: source.id });
      expect(series.length).toBeGreaterThan(0);
      expect(series.every((s) => s.modality === 'MR')).toBe(true);
      const storage = path.join(dir, 'storage-real');
      for (const s of series) {
        const r = await importPacsSeries(t.db, ctx, {
          projectId: project.id,
          userId: lead.id,
          sourceId: source.id,
          studyInstanceUid: s.studyInstanceUid,
          seriesInstanceUid: s.seriesInstanceUid,
          storageDir: storage,
          maxPixels: 1 << 26,
        });
        expect(r.failures).toEqual([]);
        expect(r.state).toBe('imported');
      }
      const scans = await t.db.scan.findMany({ where: { projectId: project.id } });
      expect(scans.length).toBeGreaterThan(0);
      expect(new Set(scans.map((s) => s.seriesKey))).toEqual(new Set(series.map((s) => s.seriesInstanceUid)));
    },
  );
});
