import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelVersionMetricsSchema, type ModelVersionMetrics } from '@/lib/registry/model-metrics';
import { annotationValueSchema } from '@/lib/labels/annotation';
import { parseCsv } from '@/server/export/csv';
import { exportFile } from '@/server/export/export-file';
import { LABEL_SEPARATOR } from '@/server/export/labels-csv';
import { perClassMetrics } from '@/server/export/metrics-csv';
import { writeModelDir } from '@/server/export/model-artifact';
import { exportLabels, type LabelsExport } from '@/server/use-cases/export-labels';
import { exportModel } from '@/server/use-cases/export-model';
import { getScanReferences } from '@/server/use-cases/get-scan-references';
import { PLANTED } from '../../helpers/dashboard-fixtures';
import { runCli } from '../../helpers/run-cli';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { seedDashboardProject } from './setup';

const identifiers = [...Object.keys(PLANTED), ...Object.values(PLANTED)];
const storageDir = path.join(os.tmpdir(), 'nl-export-storage');

function expectNoPatientIdentifiers(text: string) {
  for (const s of identifiers) expect(text, `an export holds ${s}`).not.toContain(s);
}

async function runExport(args: string[], env: Record<string, string>) {
  const r = await runCli(['export', ...args], env);
  return { code: r.code, stdout: r.out, stderr: r.err };
}

describe('exports: labels, metrics and models, with no patient identifiers', () => {
  let t: TestDatabase;
  let s: Awaited<ReturnType<typeof seedDashboardProject>>;
  let out: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    s = await seedDashboardProject(t);
    out = await mkdtemp(path.join(os.tmpdir(), 'nl-export-'));
  });
  afterAll(() => t.drop());

  it('has identifiers planted where an export could pick them up (so the checks below can fail)', async () => {
    const scan = await t.db.scan.findFirstOrThrow({ where: { projectId: s.project.id } });
    for (const v of Object.values(PLANTED)) expect(JSON.stringify(scan.dicomMeta)).toContain(v);
    expect(await readFile(path.join(s.artifactDir, 'card.json'), 'utf8')).toContain(PLANTED.PatientID);
  });

  it('labels CSV parses back to the database: every annotation row, current reads, scan fields and references', async () => {
    const file = await exportFile(t.db, s.project, { what: 'labels', format: 'csv' }, { storageDir });
    const rows = parseCsv(String(file.body));
    const annotations = await t.db.annotation.findMany({
      where: { projectId: s.project.id },
      include: { author: true },
    });
    const scans = await t.db.scan.findMany({ where: { projectId: s.project.id } });
    const refs = await getScanReferences(t.db, s.project);
    const superseded = new Set(annotations.map((a) => a.supersedesId).filter(Boolean));
    const byId = new Map(rows.filter((r) => r.annotation_id).map((r) => [r.annotation_id, r]));
    expect(byId.size).toBe(annotations.length);
    for (const a of annotations) {
      const r = byId.get(a.id)!;
      const value = annotationValueSchema.nullable().parse(a.value);
      expect(r).toMatchObject({
        scan_id: a.scanId,
        seq: String(a.seq),
        author_id: a.authorId,
        author_email: a.author.email,
        source: a.source,
        action: a.action,
        labels: value ? value.labels.join(LABEL_SEPARATOR) : '',
        supersedes_id: a.supersedesId ?? '',
        prediction_id: a.predictionId ?? '',
        created_at: a.createdAt.toISOString(),
        chain: a.source === 'ADJUDICATION' ? 'reference' : 'read',
        current: String(!superseded.has(a.id)),
      });
    }
    for (const scan of scans) {
      const lines = rows.filter((r) => r.scan_id === scan.id);
      expect(lines.length).toBe(Math.max(1, annotations.filter((a) => a.scanId === scan.id).length));
      const ref = refs.byScan.get(scan.id)!;
      for (const line of lines) {
        expect(line).toMatchObject({
          content_hash: scan.contentHash,
          original_name: scan.originalName,
          modality: scan.modality,
          split: scan.split,
          reference_status: ref.status,
          reference_label: ref.label ?? '',
          reference_rule: ref.rule ?? '',
        });
      }
    }
    expect(rows.filter((r) => !r.annotation_id)).toHaveLength(6);
    expectNoPatientIdentifiers(String(file.body));
  });

  it('labels JSON holds per-reader reads, the consensus, the adjudication and the full history', async () => {
    const file = await exportFile(t.db, s.project, { what: 'labels', format: 'json' }, { storageDir });
    const exp = JSON.parse(String(file.body)) as LabelsExport;
    expect(exp.scans).toHaveLength(40);
    const scan5 = exp.scans.find((x) => x.originalName === 'fixture-005.dcm')!;
    expect(scan5.adjudication).toMatchObject({ labels: ['normal'], authorId: s.clinician.id });
    expect(scan5.reference).toEqual({ status: 'labelled', label: 'normal', rule: 'adjudicated' });
    expect(scan5.reads.map((r) => [r.readerId, r.labels[0]])).toEqual([
      [s.readers[0].id, 'normal'],
      [s.readers[1].id, 'hemorrhage'],
    ]);
    const scan2 = exp.scans.find((x) => x.originalName === 'fixture-002.dcm')!;
    expect(scan2.history.map((h) => [h.action, h.labels, h.current])).toEqual([
      ['LABEL', ['normal'], true],
      ['LABEL', ['hemorrhage'], false],
      ['UNDO', null, false],
      ['LABEL', ['normal'], true],
    ]);
    expect(Object.keys(scan2).sort()).toEqual([
      'adjudication',
      'contentHash',
      'history',
      'id',
      'modality',
      'originalName',
      'reads',
      'reference',
      'split',
    ]);
    const fresh = await exportLabels(t.db, s.project, new Date(exp.exportedAt));
    expect(exp).toEqual(JSON.parse(JSON.stringify(fresh)));
    expectNoPatientIdentifiers(String(file.body));
  });

  it('metrics CSV parses back to every stored number, per version and split', async () => {
    const file = await exportFile(t.db, s.project, { what: 'metrics', format: 'csv' }, { storageDir });
    const rows = parseCsv(String(file.body));
    const versions = await t.db.modelVersion.findMany({ where: { projectId: s.project.id } });
    const withMetrics = versions.filter((v) => v.metrics !== null);
    expect(rows).toHaveLength(withMetrics.length * 2 + (versions.length - withMetrics.length));
    for (const v of versions) {
      const lines = rows.filter((r) => r.version_id === v.id);
      expect(lines[0]).toMatchObject({
        kind: v.kind,
        version: String(v.version),
        state: v.state,
        active: String(v.active),
        backend: v.backend,
        label_count: String(v.labelCount),
      });
      if (!v.metrics) {
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatchObject({ split: '', macro_f1: '', accuracy: '' });
        continue;
      }
      const m: ModelVersionMetrics = modelVersionMetricsSchema.parse(v.metrics);
      for (const [split, r] of [
        ['validation', m.validation],
        ['test', m.test!],
      ] as const) {
        const line = lines.find((l) => l.split === split)!;
        expect(Number(line.accuracy)).toBe(r.accuracy);
        expect(Number(line.macro_f1)).toBe(r.macroF1);
        expect(Number(line.macro_auc)).toBe(r.macroAuc);
        expect(Number(line.ece_after)).toBe(r.calibration.eceAfter);
        expect(Number(line.lesions_called_normal)).toBe(r.lesion.lesionsCalledNormal);
        for (const c of r.perClass) for (const k of perClassMetrics) expect(Number(line[`${k}:${c.label}`])).toBe(c[k]);
      }
    }
    expectNoPatientIdentifiers(String(file.body));
  });

  it('exports the active model as its tfjs artifact with a merged card, and as a tar for the browser', async () => {
    const exp = await exportModel(t.db, s.project, { kind: 'CNN', storageDir });
    const dir = path.join(out, 'model');
    const files = await writeModelDir(exp, dir);
    expect(files.sort()).toEqual(['card.json', 'model.json', 'weights/group1-shard1of1.bin']);
    expect(await readFile(path.join(dir, 'weights/group1-shard1of1.bin'))).toEqual(
      await readFile(path.join(s.artifactDir, 'weights/group1-shard1of1.bin')),
    );
    const cardText = await readFile(path.join(dir, 'card.json'), 'utf8');
    const card = JSON.parse(cardText) as Record<string, unknown>;
    const stored = await t.db.modelVersion.findUniqueOrThrow({ where: { id: s.fixture.versions.cnn2 } });
    expect(card).toMatchObject({
      kind: 'CNN',
      version: 2,
      backend: 'wasm',
      hyperParams: stored.hyperParams,
      labelSnapshot: { id: stored.labelSnapshotId },
      metrics: JSON.parse(JSON.stringify(stored.metrics)),
      preprocessing: { imageSize: 128, inputMode: 'ct-windows' },
      trainer: { temperature: 1.25, tfjsVersion: '4.22.0' },
    });
    expectNoPatientIdentifiers(cardText);

    const tar = await exportFile(t.db, s.project, { what: 'model', format: 'tfjs', kind: 'CNN' }, { storageDir });
    const tarPath = path.join(out, 'model.tar');
    await writeFile(tarPath, tar.body);
    const unpacked = path.join(out, 'unpacked');
    await mkdir(unpacked);
    execFileSync('tar', ['-xf', tarPath, '-C', unpacked]);
    const folder = path.join(unpacked, `${s.project.slug}-cnn-v2`);
    expect((await readdir(folder, { recursive: true })).sort()).toEqual([
      'card.json',
      'model.json',
      'weights',
      'weights/group1-shard1of1.bin',
    ]);
    expect(await readFile(path.join(folder, 'model.json'))).toEqual(
      await readFile(path.join(s.artifactDir, 'model.json')),
    );
    expectNoPatientIdentifiers(await readFile(path.join(folder, 'card.json'), 'utf8'));
  });

  it('fails clearly when a model version has no artifact or none is active', async () => {
    await expect(exportModel(t.db, s.project, { kind: 'CNN', version: 3, storageDir })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('CNN v3 has no artifact (state FAILED)'),
    });
    await expect(exportModel(t.db, s.project, { kind: 'RESNET50', storageDir })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('no version of this kind is active'),
    });
    await expect(exportModel(t.db, s.project, { kind: 'RESNET', storageDir })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('`neuroloop export` writes the same files, and refuses bad flag combinations', async () => {
    const env = { DATABASE_URL: t.url, LOG_LEVEL: 'silent', DATA_DIR: path.join(out, 'data') };
    const csv = path.join(out, 'cli/labels.csv');
    const r = await runExport(['--project', s.project.slug, '--what', 'labels', '--format', 'csv', '--out', csv], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('scans 40');
    const viaUseCase = await exportFile(t.db, s.project, { what: 'labels', format: 'csv' }, { storageDir });
    expect(await readFile(csv, 'utf8')).toBe(viaUseCase.body);

    const metrics = path.join(out, 'cli/metrics.json');
    expect(
      (
        await runExport(
          ['--project', s.project.slug, '--what', 'metrics', '--format', 'json', '--out', metrics, '--json'],
          env,
        )
      ).code,
    ).toBe(0);
    const parsed = JSON.parse(await readFile(metrics, 'utf8')) as { versions: { id: string }[] };
    expect(parsed.versions).toHaveLength(5);
    expectNoPatientIdentifiers(await readFile(metrics, 'utf8'));

    const modelDir = path.join(out, 'cli/model');
    const m = await runExport(
      [
        '--project',
        s.project.slug,
        '--what',
        'model',
        '--format',
        'tfjs',
        '--kind',
        'CNN',
        '--out',
        modelDir,
        '--json',
      ],
      env,
    );
    expect(m.code).toBe(0);
    expect(JSON.parse(m.stdout)).toMatchObject({ ok: true, kind: 'CNN', version: 2, files: 3 });
    expect(existsSync(path.join(modelDir, 'weights/group1-shard1of1.bin'))).toBe(true);
    const again = await runExport(
      ['--project', s.project.slug, '--what', 'model', '--format', 'tfjs', '--kind', 'CNN', '--out', modelDir],
      env,
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('is not empty');

    const wrongFormat = await runExport(
      ['--project', s.project.slug, '--what', 'labels', '--format', 'tfjs', '--out', csv],
      env,
    );
    expect(wrongFormat.code).toBe(2);
    expect(wrongFormat.stderr).toContain('--what labels exports as csv or json');
    const noKind = await runExport(
      ['--project', s.project.slug, '--what', 'model', '--format', 'tfjs', '--out', modelDir],
      env,
    );
    expect(noKind.stderr).toContain('needs --kind');
    const noArtifact = await runExport(
      [
        '--project',
        s.project.slug,
        '--what',
        'model',
        '--format',
        'tfjs',
        '--kind',
        'CNN',
        '--version',
        '3',
        '--out',
        path.join(out, 'cli/none'),
      ],
      env,
    );
    expect(noArtifact.code).toBe(2);
    expect(noArtifact.stderr).toContain('has no artifact');
  });
});
