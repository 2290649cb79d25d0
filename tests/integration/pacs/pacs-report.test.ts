import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import dicomParser from 'dicom-parser';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';
import { encodeHeatmapFile, heatmapRelativePath } from '@/server/jobs/explain-queue';
import { createLogger } from '@/server/logger';
import type { PacsContext } from '@/server/pacs/pacs-context';
import { addPacsSource } from '@/server/use-cases/add-pacs-source';
import { importPacsSeries } from '@/server/use-cases/import-pacs-series';
import { listPacsReports } from '@/server/use-cases/list-pacs-reports';
import { listReportableScans } from '@/server/use-cases/list-reportable-scans';
import { queryPacsSeries } from '@/server/use-cases/query-pacs-series';
import { sendPacsReport } from '@/server/use-cases/send-pacs-report';
import { submitAnnotation } from '@/server/use-cases/submit-annotation';
import { makeProject, makeUser } from '../../helpers/fixtures';
import { orthancMissingReason, startTestOrthanc, type TestOrthanc } from '../../helpers/orthanc';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';

const missing = orthancMissingReason();
/** The DICOMweb root of the test's Orthanc (for retrieve()). */
let orthancUrl = '';
if (missing) process.stdout.write(`SKIP PACS report tests: ${missing}\n`);

describe.skipIf(missing)(
  'PACS: a consensus label goes back as a DICOM SR that Orthanc serves and dicom-parser reads',
  () => {
    let t: TestDatabase;
    let orthanc: TestOrthanc;
    let dir: string;
    let ctx: PacsContext;
    let sql: pg.Pool;
    // Set by the first test, used by the later ones (a file's tests run in order).
    let projectId: string;
    let leadId: string;
    let scanId: string;
    let versionId: string;
    let meta: Record<string, string>;
    beforeAll(async () => {
      [t, orthanc] = await Promise.all([createTestDatabase(), startTestOrthanc()]);
      orthancUrl = orthanc.dicomWebUrl;
      sql = new pg.Pool({ connectionString: t.url, max: 2 });
      dir = mkdtempSync(path.join(os.tmpdir(), 'nl-pacs-report-'));
      ctx = {
        key: Buffer.alloc(32, 3),
        policy: { allowed: ['127.0.0.1'] },
        idleTimeoutMs: 10_000,
        attempts: 2,
        backoffMs: 20,
        downloadConcurrency: 2,
        log: createLogger('warn', 'pacs-test'),
      };
    });
    afterAll(async () => {
      await sql?.end();
      await Promise.all([t?.drop(), orthanc?.stop()]);
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('sends the label and the model probabilities, referencing the scan by its UIDs', async () => {
      const out = path.join(dir, 'ct');
      await writeSynthDataset({ kind: 'ct-hemorrhage', count: 2, outDir: out, seed: 21, difficulty: 0.5, size: 64 });
      const files = readdirSync(out)
        .filter((f) => f.endsWith('.dcm'))
        .map((f) => readFileSync(path.join(out, f)));
      expect(await orthanc.stow(files)).toBe(200);

      const lead = await makeUser(t.db, 'LEAD');
      const readers = [await makeUser(t.db, 'ANNOTATOR'), await makeUser(t.db, 'ANNOTATOR')];
      const project = await makeProject(t.db, { labels: ['normal', 'bleed'], normalLabels: ['normal'] }, lead.id);
      const source = await addPacsSource(t.db, ctx, {
        projectId: project.id,
        userId: lead.id,
        source: { name: 'orthanc', baseUrl: orthanc.dicomWebUrl },
      });
      const [series] = (await queryPacsSeries(t.db, ctx, { projectId: project.id, sourceId: source.id })).series;
      await importPacsSeries(t.db, ctx, {
        projectId: project.id,
        userId: lead.id,
        sourceId: source.id,
        studyInstanceUid: series.studyInstanceUid,
        seriesInstanceUid: series.seriesInstanceUid,
        storageDir: path.join(dir, 'storage'),
        maxPixels: 1 << 24,
      });
      const scan = await t.db.scan.findFirstOrThrow({ where: { projectId: project.id } });
      meta = scan.dicomMeta as Record<string, string>;
      [projectId, leadId, scanId] = [project.id, lead.id, scan.id];

      await expect(
        sendPacsReport(t.db, ctx, { projectId: project.id, userId: lead.id, scanId: scan.id }),
      ).rejects.toThrow(/no reads yet/);
      for (const [i, r] of readers.entries())
        await submitAnnotation(t.db, sql, {
          projectId: project.id,
          user: { id: r.id, name: r.name, role: 'ANNOTATOR' },
          input: {
            idempotencyKey: `k-${i}`,
            scanId: scan.id,
            supersedesId: null,
            intent: { kind: 'label', labels: ['bleed'] },
          },
        });
      const version = await t.db.modelVersion.create({
        data: {
          projectId: project.id,
          kind: 'CNN',
          version: 1,
          backend: 'wasm',
          hyperParams: {},
          labelCount: 2,
          state: 'READY',
          active: true,
        },
      });
      versionId = version.id;
      await t.db.prediction.create({
        data: { modelVersionId: version.id, scanId: scan.id, probabilities: [0.2, 0.8] },
      });

      const sent = await sendPacsReport(t.db, ctx, {
        projectId: project.id,
        userId: lead.id,
        scanId: scan.id,
        includeModel: true,
      });
      expect(sent).toMatchObject({ label: 'bleed', studyInstanceUid: meta.StudyInstanceUID, source: 'orthanc' });
      expect(await t.db.pacsReport.findUniqueOrThrow({ where: { id: sent.reportId } })).toMatchObject({
        state: 'SUCCEEDED',
      });

      // Orthanc answers a QIDO query for it, in the scan's study.
      const qido = await fetch(
        `${orthanc.dicomWebUrl}/studies/${meta.StudyInstanceUID}/instances?SOPInstanceUID=${sent.sopInstanceUid}`,
      );
      const found = (await qido.json()) as Record<string, { Value?: string[] }>[];
      expect(found).toHaveLength(1);
      expect(found[0]['00080060']?.Value?.[0]).toBe('SR');

      // A parser other than the writer reads what Orthanc serves back.
      const ds = await retrieve(meta.StudyInstanceUID, sent.seriesInstanceUid, sent.sopInstanceUid);
      expect(ds.string('x00080016')).toBe('1.2.840.10008.5.1.4.1.1.88.22');
      expect(ds.string('x0020000d')).toBe(meta.StudyInstanceUID);
      const items = (ds.elements.x0040a730.items ?? []).map((i) => i.dataSet!);
      const finding = items.find((i) => i.string('x0040a040') === 'CODE')!;
      expect(finding.elements.x0040a168.items![0].dataSet!.string('x00080104')).toBe('bleed');
      const image = items.find((i) => i.string('x0040a040') === 'IMAGE')!;
      const ref = image.elements.x00081199.items![0].dataSet!;
      expect(ref.string('x00081155')).toBe(meta.SOPInstanceUID);
      expect(ref.string('x00081150')).toBe(meta.SOPClassUID);
      const evidence = ds.elements.x0040a375.items![0].dataSet!.elements.x00081115.items![0].dataSet!;
      expect(evidence.string('x0020000e')).toBe(meta.SeriesInstanceUID);
      const nums = items.filter((i) => i.string('x0040a040') === 'NUM');
      expect(nums.map((n) => Number(n.elements.x0040a300.items![0].dataSet!.string('x0040a30a')))).toEqual([0.2, 0.8]);
    });
    it('sends the Grad-CAM as a secondary capture over the slice that the report refers to', async () => {
      const requested: unknown[] = [];
      const gradCam = {
        storageDir: path.join(dir, 'storage'),
        requestGradCam: async (key: unknown) => {
          requested.push(key);
        },
      };
      const send = () =>
        sendPacsReport(t.db, ctx, { projectId, userId: leadId, scanId, includeGradCam: true }, gradCam);
      // Not computed yet: queued, and nothing is sent or recorded.
      const before = await t.db.pacsReport.count();
      await expect(send()).rejects.toThrow(/Grad-CAM of this scan under NeuroLoop cnn v1 is being computed/);
      expect(requested).toEqual([{ modelVersionId: versionId, scanId, classIndex: -1 }]);
      expect(await t.db.pacsReport.count()).toBe(before);

      // What the explain worker leaves: a heatmap hot in the slice's upper-left quadrant, for "bleed".
      const heatmapPath = heatmapRelativePath(versionId, scanId);
      await mkdir(path.dirname(path.join(gradCam.storageDir, heatmapPath)), { recursive: true });
      const blob = Float32Array.from({ length: 32 * 32 }, (_, i) =>
        Math.exp(-(((i % 32) - 8) ** 2 + (Math.floor(i / 32) - 8) ** 2) / 20),
      );
      await writeFile(
        path.join(gradCam.storageDir, heatmapPath),
        encodeHeatmapFile({ width: 32, height: 32, classIndex: 1, heatmap: blob }),
      );
      await t.db.explanation.create({
        data: {
          modelVersionId: versionId,
          scanId,
          state: 'SUCCEEDED',
          layerName: 'conv2',
          heatmapPath,
          finishedAt: new Date(),
        },
      });

      const sent = await send();
      expect(sent.captureSopInstanceUid).toMatch(/^2\.25\./);
      const series = await fetch(`${orthanc.dicomWebUrl}/studies/${meta.StudyInstanceUID}/series?Modality=OT`);
      const found = (await series.json()) as Record<string, { Value?: string[] }>[];
      expect(found.map((s) => s['0008103E']?.Value?.[0])).toEqual(['NeuroLoop Grad-CAM']);
      const captureSeries = found[0]['0020000E']!.Value![0];

      const sc = await retrieve(meta.StudyInstanceUID, captureSeries, sent.captureSopInstanceUid!);
      expect(sc.string('x00080016')).toBe('1.2.840.10008.5.1.4.1.1.7');
      expect(sc.string('x00280004')).toBe('RGB');
      expect(sc.uint16('x00280002')).toBe(3);
      expect(sc.string('x00280301')).toBe('YES');
      const [rows, cols] = [sc.uint16('x00280010')!, sc.uint16('x00280011')!];
      expect(cols).toBe(512);
      expect(rows).toBeGreaterThan(512);
      const pixels = sc.byteArray.subarray(
        sc.elements.x7fe00010.dataOffset,
        sc.elements.x7fe00010.dataOffset + rows * cols * 3,
      );
      const at = (x: number, y: number) => Array.from(pixels.subarray((y * cols + x) * 3, (y * cols + x) * 3 + 3));
      // Warm where the heatmap is hot (the upper-left quadrant), grey where it is cold.
      const [r, g, b] = at(128, 128);
      expect(r).toBeGreaterThan(b);
      expect(r === g && g === b).toBe(false);
      const [r2, g2, b2] = at(448, 448);
      expect(r2 === g2 && g2 === b2).toBe(true);
      const source = sc.elements.x00082112.items![0].dataSet!;
      expect(source.string('x00081155')).toBe(meta.SOPInstanceUID);

      const sr = await retrieve(meta.StudyInstanceUID, sent.seriesInstanceUid, sent.sopInstanceUid);
      const items = (sr.elements.x0040a730.items ?? []).map((i) => i.dataSet!);
      const images = items.filter((i) => i.string('x0040a040') === 'IMAGE');
      const refs = images.map((i) => i.elements.x00081199.items![0].dataSet!.string('x00081155'));
      expect(refs).toEqual([meta.SOPInstanceUID, sent.captureSopInstanceUid]);
      const evidence = sr.elements.x0040a375.items![0].dataSet!.elements.x00081115.items!.map((i) =>
        i.dataSet!.string('x0020000e'),
      );
      expect(evidence).toEqual([meta.SeriesInstanceUID, captureSeries]);
      expect(items.filter((i) => i.string('x0040a040') === 'NUM')).toHaveLength(2);
    });

    it('lists the reports sent and the scans a report can be sent for', async () => {
      const project = await t.db.project.findUniqueOrThrow({ where: { id: projectId } });
      const reports = await listPacsReports(t.db, projectId);
      expect(reports.map((r) => [r.state, r.withModel, r.withGradCam])).toEqual([
        ['sent', true, true],
        ['sent', true, false],
      ]);
      expect(reports[0]).toMatchObject({ scanId, label: 'bleed', source: 'orthanc', error: null });
      const reportable = await listReportableScans(t.db, project);
      expect(reportable).toEqual([
        expect.objectContaining({
          scanId,
          label: 'bleed',
          source: 'orthanc',
          lastReport: expect.objectContaining({ state: 'sent' }),
        }),
      ]);

      // A PACS that has gone away: the attempt is recorded as failed, with the reason.
      await orthanc.stop();
      await expect(sendPacsReport(t.db, ctx, { projectId, userId: leadId, scanId })).rejects.toThrow(/unreachable/);
      const [latest] = await listPacsReports(t.db, projectId);
      expect(latest).toMatchObject({ state: 'failed', withModel: false });
      expect(latest.error).toMatch(/unreachable/);
      expect((await listReportableScans(t.db, project))[0].lastReport).toMatchObject({ state: 'failed' });
    });
  },
);

/** One instance as Orthanc serves it over WADO-RS, read by dicom-parser (not dcmjs, the writer). */
async function retrieve(study: string, series: string, sop: string): Promise<dicomParser.DataSet> {
  const wado = await fetch(`${orthancUrl}/studies/${study}/series/${series}/instances/${sop}`, {
    headers: { accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' },
  });
  expect(wado.status).toBe(200);
  const boundary = /boundary="?([^";]+)"?/.exec(wado.headers.get('content-type') ?? '')![1];
  const body = new Uint8Array(await wado.arrayBuffer());
  const start = indexOf(body, 'DICM', 0) - 128;
  return dicomParser.parseDicom(body.subarray(start, indexOf(body, `\r\n--${boundary}`, start)));
}

function indexOf(haystack: Uint8Array, text: string, from: number): number {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).indexOf(Buffer.from(text), from);
}
