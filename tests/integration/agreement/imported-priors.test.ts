import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeTrainingLabels } from '@/server/use-cases/compute-training-labels';
import { ensureImportIdentity } from '@/server/use-cases/ensure-import-identity';
import { getProjectAgreement } from '@/server/use-cases/get-project-agreement';
import { listScansNeedingReads } from '@/server/use-cases/list-scans-needing-reads';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { seedProject } from './seed';

describe('labels imported with a dataset are a prior, not a reader', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  async function seeded() {
    const s = await seedProject(t, { readers: ['Ana', 'Ben', 'Cleo'], scans: 4 });
    const importer = { id: await ensureImportIdentity(t.db), name: 'Imported labels' };
    const [a, b, c] = s.readers.map((r) => r.id);
    const [s0, s1, s2, s3] = s.scans;
    await s.append([
      // Every scan came with a label.
      ...s.scans.map((scanId) => ({ scanId, authorId: importer.id, labels: ['glioma'], source: 'IMPORT' as const })),
      // s0: two readers agree with each other, not with the import.
      { scanId: s0, authorId: a, labels: ['normal'] },
      { scanId: s0, authorId: b, labels: ['normal'] },
      // s1: two readers disagree 1-1; the import sides with one of them.
      { scanId: s1, authorId: a, labels: ['glioma'] },
      { scanId: s1, authorId: b, labels: ['normal'] },
      // s2: one reader.
      { scanId: s2, authorId: c, labels: ['meningioma'] },
      // s3: nobody has read it.
    ]);
    return { s, importer, scans: [s0, s1, s2, s3] };
  }

  it('leaves imported labels out of the readers, reads, pairs and accuracies, and counts them apart', async () => {
    const { s, importer } = await seeded();
    const agreement = await getProjectAgreement(t.db, await s.load(), { viewerRole: 'LEAD', bootstrap: 0 });
    const { report } = agreement;
    expect(report.readers).toEqual(['Ana', 'Ben', 'Cleo']);
    expect(report.readers).not.toContain(importer.name);
    expect(report.counts).toMatchObject({ reads: 5, items: 3, readers: 3, pairable_items: 2 });
    for (const pair of report.cohen_kappa) {
      expect([pair.reader_a, pair.reader_b]).not.toContain(importer.name);
    }
    expect(JSON.stringify(report)).not.toContain(importer.name);
    expect(agreement.priors.scans).toBe(4);
  });

  it('trains on an imported label only where no human read the scan; a 1-1 split waits for a clinician', async () => {
    const { s, scans } = await seeded();
    const [s0, s1, s2, s3] = scans;
    const training = await computeTrainingLabels(t.db, await s.load());
    expect(training.labels.get(s0)).toMatchObject({ status: 'train', label: 'normal', rule: 'majority' });
    expect(training.labels.get(s1)).toMatchObject({ status: 'excluded', excluded: 'tie', needsAdjudication: true });
    expect(training.labels.get(s2)).toMatchObject({ status: 'train', label: 'meningioma', rule: 'single' });
    expect(training.labels.get(s3)).toMatchObject({ status: 'train', label: 'glioma', rule: 'prior' });
    expect(training.queue.map((q) => q.item)).toEqual([s1]);
    expect(training.queue[0].reads).toHaveLength(2);
  });

  it('does not count an imported label as one of the reads a scan needs', async () => {
    const { s, scans } = await seeded();
    const project = await s.load();
    const needing = new Map((await listScansNeedingReads(t.db, project)).map((r) => [r.id, r.reads]));
    // readsPerScan is 2: s0 and s1 have two human reads; s2 one; s3 none (its import is not a read).
    expect(needing.has(scans[0])).toBe(false);
    expect(needing.has(scans[1])).toBe(false);
    expect(needing.get(scans[2])).toBe(1);
    expect(needing.get(scans[3])).toBe(0);
  });

  it('shows estimated reader accuracies to leads; anyone else sees only their own', async () => {
    const { s } = await seeded();
    const project = await s.load();
    const lead = await getProjectAgreement(t.db, project, { viewerRole: 'LEAD', viewerId: s.lead.id });
    const ana = await getProjectAgreement(t.db, project, { viewerRole: 'ANNOTATOR', viewerId: s.readers[0].id });
    const clinician = await getProjectAgreement(t.db, project, { viewerRole: 'CLINICIAN', viewerId: s.clinician.id });
    expect(lead.report.dawid_skene.ok).toBe(true);
    if (!lead.report.dawid_skene.ok || !ana.report.dawid_skene.ok || !clinician.report.dawid_skene.ok) return;
    expect(Object.keys(lead.report.dawid_skene.reader_accuracy)).toEqual(['Ana', 'Ben', 'Cleo']);
    expect(Object.keys(ana.report.dawid_skene.reader_accuracy)).toEqual(['Ana']);
    expect(Object.keys(clinician.report.dawid_skene.reader_accuracy)).toEqual([]);
    expect(Object.values(ana.readerIds)).toEqual([s.readers[0].id]);
  });
});
