import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';
import { importScans } from '@/server/use-cases/import-scans';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { makeProject, makeUser } from '../../helpers/fixtures';
import { runCli } from '../../helpers/run-cli';

describe('prior labels outside the project’s label set', () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(path.join(os.tmpdir(), 'nl-prior-'));
    await writeSynthDataset({
      kind: 'mri-tumor',
      count: 12,
      outDir: path.join(dir, 'mri'),
      seed: 9,
      difficulty: 0.5,
      size: 48,
    });
  });
  afterAll(async () => {
    await t.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('maps folder and CSV labels case-insensitively and refuses the rest file by file, storing none of them', async () => {
    const lead = await makeUser(t.db, 'LEAD');
    // No pituitary class; glioma spelled with a capital.
    const project = await makeProject(
      t.db,
      { labels: ['Glioma', 'meningioma', 'notumor'], normalLabels: ['notumor'] },
      lead.id,
    );
    const files = readdirSync(path.join(dir, 'mri'), { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.png'),
    );
    const pituitary = files.filter((f) => f.includes('/pituitary/'));
    const meningioma = files.find((f) => f.includes('/meningioma/'))!;
    expect(pituitary.length).toBeGreaterThan(0);
    const summary = await importScans(t.db, {
      projectId: project.id,
      userId: lead.id,
      paths: [path.join(dir, 'mri')],
      split: 'auto',
      storageDir: path.join(dir, 'storage'),
      maxPixels: 1 << 24,
      // A CSV row wins over the folder: this meningioma is said to be a cat.
      labels: [{ file: path.basename(meningioma), label: 'cat', subtypes: [] }],
    });

    const refused = summary.outcomes.filter((o) => o.status === 'rejected');
    expect(refused.map((o) => o.file).sort()).toEqual([...pituitary, meningioma].map((f) => `mri/${f}`).sort());
    for (const o of refused) expect(o).toMatchObject({ reason: 'unknown-label' });
    expect(refused.find((o) => o.file.endsWith(meningioma))).toMatchObject({
      message: 'Prior label "cat" is not one of this project\'s labels (Glioma, meningioma, notumor).',
    });

    const stored = await t.db.annotation.findMany({ where: { projectId: project.id } });
    const values = stored.map((a) => (a.value as { labels: string[] }).labels[0]);
    expect(new Set(values)).toEqual(new Set(['Glioma', 'meningioma', 'notumor']));
    expect(stored).toHaveLength(files.length - refused.length);
    expect(await t.db.scan.count({ where: { projectId: project.id } })).toBe(files.length - refused.length);
  });

  it('`import --dry-run --project` refuses the same files as the real import, storing nothing', async () => {
    const project = await makeProject(t.db, { labels: ['glioma', 'meningioma', 'notumor'], normalLabels: ['notumor'] });
    const res = await runCli(['import', path.join(dir, 'mri'), '--dry-run', '--project', project.slug, '--json'], {
      DATABASE_URL: t.url,
    });
    expect(res.code).toBe(0);
    const summary = JSON.parse(res.out) as { outcomes: { status: string; file: string; reason?: string }[] };
    const refused = summary.outcomes.filter((o) => o.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    for (const o of refused)
      expect(o).toMatchObject({ reason: 'unknown-label', file: expect.stringContaining('/pituitary/') });
    expect(await t.db.scan.count({ where: { projectId: project.id } })).toBe(0);
  });
});
