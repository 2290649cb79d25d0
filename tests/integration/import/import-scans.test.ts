import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';
import { IMPORT_IDENTITY_EMAIL } from '@/server/use-cases/ensure-import-identity';
import { importScans } from '@/server/use-cases/import-scans';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { makeProject, makeUser } from '../../helpers/fixtures';

describe('importing into a project (store-backed)', () => {
  let t: TestDatabase;
  let dir: string;
  let storageDir: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(path.join(os.tmpdir(), 'nl-import-'));
    storageDir = path.join(dir, 'storage');
    await writeSynthDataset({
      kind: 'mri-tumor',
      count: 12,
      outDir: path.join(dir, 'mri'),
      seed: 5,
      difficulty: 0.5,
      size: 64,
    });
    writeFileSync(path.join(dir, 'mri', 'notes.png'), 'not really a png');
  });
  afterAll(async () => {
    await t.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores scans, splits and prior labels, and a second run adds nothing', async () => {
    const lead = await makeUser(t.db, 'LEAD');
    const project = await makeProject(
      t.db,
      { labels: ['glioma', 'meningioma', 'notumor', 'pituitary'], normalLabels: ['notumor'] },
      lead.id,
    );
    const input = {
      projectId: project.id,
      userId: lead.id,
      paths: [path.join(dir, 'mri')],
      split: 'auto' as const,
      storageDir,
      maxPixels: 1 << 24,
    };
    const first = await importScans(t.db, input);
    expect(first.imported).toBe(12);
    expect(first.rejected).toBe(1);
    const scans = await t.db.scan.findMany({ where: { projectId: project.id } });
    expect(scans).toHaveLength(12);
    expect(new Set(scans.map((s) => s.split))).toEqual(new Set(['TRAIN', 'TEST']));
    expect(scans.every((s) => s.importedById === lead.id && s.importBatchId === first.batchId)).toBe(true);
    // PNG/JPEG scans keep their folder as the series the stack viewer shows together.
    expect(scans.every((s) => s.seriesKey === s.originalName.slice(0, s.originalName.lastIndexOf('/')))).toBe(true);

    const labels = await t.db.annotation.findMany({
      where: { projectId: project.id },
      include: { author: true },
      orderBy: { seq: 'asc' },
    });
    expect(labels).toHaveLength(12);
    expect(labels.map((l) => Number(l.seq))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(
      labels.every((l) => l.source === 'IMPORT' && l.author.email === IMPORT_IDENTITY_EMAIL && l.author.disabled),
    ).toBe(true);
    const byScan = new Map(scans.map((s) => [s.id, s.originalName]));
    for (const l of labels) expect(byScan.get(l.scanId)).toContain(`/${(l.value as { labels: string[] }).labels[0]}/`);

    const batch = await t.db.importBatch.findUniqueOrThrow({ where: { id: first.batchId } });
    expect(batch).toMatchObject({ state: 'SUCCEEDED', imported: 12, rejected: 1 });

    const second = await importScans(t.db, input);
    expect(second.imported).toBe(0);
    expect(second.duplicate).toBe(12);
    expect(await t.db.scan.count({ where: { projectId: project.id } })).toBe(12);
    expect(await t.db.annotation.count({ where: { projectId: project.id } })).toBe(12);
  });
});
