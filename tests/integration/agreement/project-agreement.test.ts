import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeAgreementReport } from '@/lib/agreement/report';
import { getProjectAgreement } from '@/server/use-cases/get-project-agreement';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { simulateReads } from '../../unit/agreement/simulate';
import { asStoredTable, rounded, seedProject, simulatedAnnotations } from './seed';

const labels = ['normal', 'glioma', 'meningioma'];

describe('getProjectAgreement on a seeded project', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('returns the numbers lib/agreement gives on the same table, readers by name', async () => {
    const s = await seedProject(t, { readers: ['Ana', 'Ben', 'Cleo', 'Dev'], scans: 60 });
    const { reads } = simulateReads({
      seed: 7,
      items: 60,
      categories: labels,
      accuracies: [0.9, 0.8, 0.75, 0.6],
      readsPerItem: 3,
    });
    await s.append(simulatedAnnotations(s, reads));
    const project = await s.load();

    const agreement = await getProjectAgreement(t.db, project, { viewerRole: 'LEAD', bootstrap: 300, seed: 3 });
    const expected = computeAgreementReport(asStoredTable(s, reads), {
      categories: labels,
      bootstrap: 300,
      seed: 3,
      threshold: project.consensusThreshold,
    });
    expect(agreement.report).toEqual(expected);
    expect(agreement.report.readers).toEqual(['Ana', 'Ben', 'Cleo', 'Dev']);
    expect(agreement.upToSeq).toBe(reads.length);
    expect(agreement.perScan).toBe(true);
    expect(agreement.report.krippendorff_alpha).toMatchObject({ ok: true });
    const alpha = agreement.report.krippendorff_alpha;
    if (alpha.ok) expect(alpha.ci_low!).toBeLessThan(alpha.value);
  });

  it('uses each reader’s current read: corrections supersede, retractions and foreign labels drop out', async () => {
    const s = await seedProject(t, { readers: ['Ana', 'Ben'], scans: 4, project: { labels: ['normal', 'bleed'] } });
    const [a, b] = s.readers.map((r) => r.id);
    const [s1, s2, s3, s4] = s.scans;
    const read = (scanId: string, authorId: string, label: string | null) => ({
      scanId,
      authorId,
      labels: label === null ? null : [label],
    });
    await s.append([
      read(s1, a, 'normal'),
      read(s1, b, 'bleed'),
      read(s2, a, 'bleed'),
      read(s2, b, 'bleed'),
      read(s3, a, 'normal'),
      read(s3, b, 'normal'),
      read(s4, a, 'normal'),
    ]);
    // Ana corrects scan 1 (now agreeing), Ben retracts scan 3, Ben reads scan 4 with a label the project does not have.
    await s.append([read(s1, a, 'bleed'), read(s3, b, null), read(s4, b, 'old-label')]);
    const agreement = await getProjectAgreement(t.db, await s.load(), { viewerRole: 'LEAD', bootstrap: 0 });
    const table = [
      { item: s1, reader: 'Ana', label: 'bleed' },
      { item: s1, reader: 'Ben', label: 'bleed' },
      { item: s2, reader: 'Ana', label: 'bleed' },
      { item: s2, reader: 'Ben', label: 'bleed' },
      { item: s3, reader: 'Ana', label: 'normal' },
      { item: s4, reader: 'Ana', label: 'normal' },
    ];
    // Equal up to rounding: the store lists a corrected read after the other reader's, and sums run in that order.
    expect(rounded(agreement.report)).toEqual(
      rounded(computeAgreementReport(table, { categories: ['normal', 'bleed'], bootstrap: 0, threshold: 0.9 })),
    );
    expect(agreement.ignoredReads).toBe(1);
    expect(agreement.report.percent_agreement).toEqual({ ok: true, value: 1, ci_low: null, ci_high: null });
  });

  it('gives annotators aggregates only, and names the reason when a statistic is undefined', async () => {
    const s = await seedProject(t, { readers: ['Ana', 'Ben', 'Cleo'], scans: 20 });
    const { reads } = simulateReads({ seed: 2, items: 20, categories: labels, accuracies: [0.9, 0.7, 0.7] });
    await s.append(simulatedAnnotations(s, reads));
    const project = await s.load();
    const forAnnotator = await getProjectAgreement(t.db, project, { viewerRole: 'ANNOTATOR', bootstrap: 100 });
    const forClinician = await getProjectAgreement(t.db, project, { viewerRole: 'CLINICIAN', bootstrap: 100 });
    expect(forAnnotator.perScan).toBe(false);
    expect(forAnnotator.report.dawid_skene).toMatchObject({ ok: true, posteriors: [] });
    expect(forClinician.report.dawid_skene).toMatchObject({ ok: true });
    if (forClinician.report.dawid_skene.ok) expect(forClinician.report.dawid_skene.posteriors).toHaveLength(20);
    expect(forAnnotator.report.krippendorff_alpha).toEqual(forClinician.report.krippendorff_alpha);

    const lonely = await seedProject(t, { readers: ['Solo'], scans: 3 });
    await lonely.append(
      lonely.scans.map((scanId, i) => ({ scanId, authorId: lonely.readers[0].id, labels: [labels[i]] })),
    );
    const one = await getProjectAgreement(t.db, await lonely.load(), { viewerRole: 'LEAD' });
    expect(one.report.krippendorff_alpha).toEqual({ ok: false, reason: 'one-reader' });
    expect(one.report.dawid_skene).toEqual({ ok: false, reason: 'one-reader' });
    expect(JSON.stringify(one)).not.toContain('NaN');
  });

  it('computes once per sequence number and again after a new read', async () => {
    const s = await seedProject(t, { readers: ['Ana', 'Ben'], scans: 10 });
    const { reads } = simulateReads({ seed: 4, items: 10, categories: labels, accuracies: [0.9, 0.7] });
    await s.append(simulatedAnnotations(s, reads));
    const first = await getProjectAgreement(t.db, await s.load(), { viewerRole: 'LEAD' });
    const again = await getProjectAgreement(t.db, await s.load(), { viewerRole: 'LEAD' });
    expect(again).toBe(first);
    await s.append([{ scanId: s.scans[0], authorId: s.readers[0].id, labels: ['glioma'] }]);
    const after = await getProjectAgreement(t.db, await s.load(), { viewerRole: 'LEAD' });
    expect(after).not.toBe(first);
    expect(after.upToSeq).toBe(first.upToSeq + 1);
  });

  it('compares multi-label reads as label sets, and each label as present or absent', async () => {
    const s = await seedProject(t, {
      readers: ['Ana', 'Ben'],
      scans: 3,
      project: { task: 'MULTILABEL', labels: ['edema', 'bleed', 'mass'], normalLabels: [] },
    });
    const [a, b] = s.readers.map((r) => r.id);
    const [s1, s2, s3] = s.scans;
    await s.append([
      { scanId: s1, authorId: a, labels: ['bleed', 'edema'] },
      { scanId: s1, authorId: b, labels: ['edema', 'bleed'] },
      { scanId: s2, authorId: a, labels: ['mass'] },
      { scanId: s2, authorId: b, labels: ['mass', 'edema'] },
      { scanId: s3, authorId: a, labels: ['bleed'] },
      { scanId: s3, authorId: b, labels: ['bleed'] },
    ]);
    const agreement = await getProjectAgreement(t.db, await s.load(), { viewerRole: 'LEAD', bootstrap: 0 });
    expect(agreement.multiLabel).toBe(true);
    expect(agreement.report.categories).toEqual(['bleed', 'edema + bleed', 'edema + mass', 'mass']);
    expect(agreement.report.percent_agreement).toMatchObject({ ok: true, value: 2 / 3 });
    expect(agreement.perLabel.map((l) => l.label)).toEqual(['edema', 'bleed', 'mass']);
    expect(agreement.perLabel[1].report.percent_agreement).toMatchObject({ ok: true, value: 1 });
  });
});
