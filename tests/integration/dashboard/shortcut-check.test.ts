import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '@/lib/random';
import { getProjectDashboard } from '@/server/use-cases/get-project-dashboard';
import { getShortcutCheck } from '@/server/use-cases/get-shortcut-check';
import { importScans } from '@/server/use-cases/import-scans';
import { makeProject, makeUser } from '../../helpers/fixtures';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';

/**
 * The dashboard's shortcut check on real imported files: PNGs whose size gives their label away,
 * and PNGs whose size does not.
 */
describe('shortcut check of a project', () => {
  let t: TestDatabase;
  let dir: string;
  const storageDir = () => path.join(dir, 'storage');

  /** `count` noise PNGs per label under root/Training/<label>/ (the folder is the prior label), sized by `sizeOf(label, i)`. */
  async function writePngs(root: string, count: number, sizeOf: (label: string, i: number) => number) {
    const rng = createRng(3);
    for (const label of ['normal', 'lesion']) {
      mkdirSync(path.join(root, 'Training', label), { recursive: true });
      for (let i = 0; i < count; i++) {
        const size = sizeOf(label, i);
        const pixels = Buffer.from(Array.from({ length: size * size }, () => Math.floor(rng.next() * 256)));
        await sharp(pixels, { raw: { width: size, height: size, channels: 1 } })
          .png()
          .toFile(path.join(root, 'Training', label, `${label}-${i}.png`));
      }
    }
  }

  async function importedProject(folder: string) {
    const lead = await makeUser(t.db, 'LEAD');
    const project = await makeProject(t.db, { labels: ['normal', 'lesion'], normalLabels: ['normal'] }, lead.id);
    const summary = await importScans(t.db, {
      projectId: project.id,
      userId: lead.id,
      paths: [folder],
      split: 'auto',
      storageDir: storageDir(),
      maxPixels: 1 << 24,
    });
    expect(summary.outcomes.every((o) => o.status !== 'rejected')).toBe(true);
    return t.db.project.findUniqueOrThrow({ where: { id: project.id } });
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(path.join(os.tmpdir(), 'nl-shortcut-'));
    // Every lesion is 96 px and every normal 64 px: the size alone tells the label.
    await writePngs(path.join(dir, 'leak'), 14, (label) => (label === 'lesion' ? 96 : 64));
    // Sizes alternate within each label: nothing but the pixels tells it.
    await writePngs(path.join(dir, 'fair'), 14, (_, i) => (i % 2 ? 96 : 64));
    await writePngs(path.join(dir, 'few'), 4, () => 64);
  }, 120_000);
  afterAll(async () => {
    await t.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('warns when the image size tells the label, naming it, and the dashboard carries it', async () => {
    const project = await importedProject(path.join(dir, 'leak'));
    const check = await getShortcutCheck(t.db, project, storageDir());
    expect(check.status).toBe('checked');
    if (check.status !== 'checked') return;
    expect(check.scans).toBe(28);
    const auc = Object.fromEntries(check.report.findings.map((f) => [f.feature, f.auc]));
    expect(auc.width).toBeGreaterThan(0.95);
    expect(auc.height).toBeGreaterThan(0.95);
    expect(auc.format).toBe(0.5);
    expect(check.report.leaking.map((f) => f.feature)).toEqual(expect.arrayContaining(['width', 'height']));
    expect(check.report.warning).toMatch(/image width \(AUC 1\.00\)/);
    const dashboard = await getProjectDashboard(t.db, project, { storageDir: storageDir() });
    expect(dashboard.shortcuts).toEqual(check);
  });

  it('finds no shortcut when sizes do not follow the labels', async () => {
    const project = await importedProject(path.join(dir, 'fair'));
    const check = await getShortcutCheck(t.db, project, storageDir());
    expect(check.status).toBe('checked');
    if (check.status !== 'checked') return;
    const auc = Object.fromEntries(check.report.findings.map((f) => [f.feature, f.auc]));
    expect(auc.width).toBeLessThan(0.7);
    expect(check.report.leaking).toEqual([]);
    expect(check.report.warning).toBeNull();
  });

  it('leaves out and counts the scans whose original file is gone', async () => {
    const project = await importedProject(path.join(dir, 'leak'));
    const scans = await t.db.scan.findMany({ where: { projectId: project.id }, take: 3, orderBy: { id: 'asc' } });
    await t.db.scan.updateMany({
      where: { id: { in: scans.map((s) => s.id) } },
      data: { originalPath: 'originals/none/missing.png' },
    });
    const check = await getShortcutCheck(t.db, project, storageDir());
    expect(check).toMatchObject({ status: 'checked', scans: 25, unreadable: 3 });
  });

  it('says how many labelled scans it still needs', async () => {
    const project = await importedProject(path.join(dir, 'few'));
    expect(await getShortcutCheck(t.db, project, storageDir())).toEqual({
      status: 'too-few',
      scans: 8,
      needed: 20,
      unreadable: 0,
    });
  });
});
