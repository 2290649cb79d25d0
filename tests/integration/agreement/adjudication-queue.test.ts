import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dawidSkene, posteriorClass } from '@/lib/agreement/dawid-skene';
import { encodeReads } from '@/lib/agreement/encode';
import { chooseTrainingLabels, type Posterior } from '@/lib/agreement/training-label';
import type { Read } from '@/lib/agreement/types';
import { computeTrainingLabels } from '@/server/use-cases/compute-training-labels';
import { listAdjudicationQueue } from '@/server/use-cases/list-adjudication-queue';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { simulateReads } from '../../unit/agreement/simulate';
import { seedProject, simulatedAnnotations } from './seed';

const labels = ['normal', 'bleed'];
const day = (d: number) => new Date(Date.UTC(2026, 10, d, 9, 0, 0));

/** The rule's queue computed by lib/agreement alone, on a table of reads by reader id. */
function expectedQueue(reads: readonly Read[], threshold: number): Map<string, string> {
  const coded = encodeReads(reads, { categories: labels });
  const fit = dawidSkene(coded);
  const posteriors = new Map<string, Posterior>();
  if (fit.ok) {
    coded.items.forEach((item, i) => {
      const p = posteriorClass(fit.posteriors, labels.length, i);
      posteriors.set(item, { label: labels[p.label], confidence: p.confidence });
    });
  }
  return new Map(chooseTrainingLabels(reads, { posteriors }, { threshold }).queue.map((q) => [q.item, q.reason]));
}

describe('the adjudication queue', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('holds exactly the scans the rule excludes, readers side by side, oldest first; adjudication removes a scan', async () => {
    const s = await seedProject(t, {
      readers: ['Ana', 'Ben', 'Cleo'],
      scans: 43,
      project: { task: 'BINARY', labels, readsPerScan: 2, blindMode: true },
    });
    const [ana, ben] = s.readers;
    // 40 scans read by all three (equally reliable), then ties on scans 40-42 made on
    // different days (42 the oldest).
    const { reads } = simulateReads({ seed: 11, items: 40, categories: labels, accuracies: [0.85, 0.85, 0.85] });
    await s.append(simulatedAnnotations(s, reads, day(2)));
    const tie = (scan: number, d: number) => [
      { scanId: s.scans[scan], authorId: ana.id, labels: ['normal'], at: day(d) },
      { scanId: s.scans[scan], authorId: ben.id, labels: ['bleed'], at: day(d) },
    ];
    await s.append([...tie(40, 5), ...tie(41, 4), ...tie(42, 3)]);
    const project = await s.load();

    const byId = [
      ...simulatedAnnotations(s, reads).map((a) => ({ item: a.scanId, reader: a.authorId, label: a.labels![0] })),
      ...[40, 41, 42].flatMap((i) => [
        { item: s.scans[i], reader: ana.id, label: 'normal' },
        { item: s.scans[i], reader: ben.id, label: 'bleed' },
      ]),
    ];
    const expected = expectedQueue(byId, project.consensusThreshold);
    const viewer = { id: s.clinician.id, role: 'CLINICIAN' as const };
    const queue = await listAdjudicationQueue(t.db, project, viewer);
    const listed = [...queue.ready, ...queue.awaitingReads];
    expect(new Map(listed.map((i) => [i.scanId, i.reason]))).toEqual(expected);
    for (const i of [40, 41, 42]) expect(expected.has(s.scans[i])).toBe(true);
    expect(listed.every((i) => i.posterior !== null && i.posterior.confidence < project.consensusThreshold)).toBe(true);

    // The ties, oldest first; the readers' labels side by side.
    const ties = queue.ready.filter((i) => [40, 41, 42].some((k) => s.scans[k] === i.scanId)).map((i) => i.scanId);
    expect(ties).toEqual([s.scans[42], s.scans[41], s.scans[40]]);
    const oldest = queue.ready.find((i) => i.scanId === s.scans[42])!;
    expect(oldest.reads).toEqual([
      { readerId: ana.id, readerName: 'Ana', labels: ['normal'], at: day(3).toISOString() },
      { readerId: ben.id, readerName: 'Ben', labels: ['bleed'], at: day(3).toISOString() },
    ]);
    expect(queue.ready.map((i) => i.waitingSince)).toEqual([...queue.ready.map((i) => i.waitingSince)].sort());
    expect(queue.ready.every((i) => i.readCount >= 2)).toBe(true);

    await s.append([{ scanId: s.scans[42], authorId: s.clinician.id, labels: ['bleed'], source: 'ADJUDICATION' }]);
    const after = await listAdjudicationQueue(t.db, await s.load(), viewer);
    expect([...after.ready, ...after.awaitingReads].map((i) => i.scanId)).not.toContain(s.scans[42]);
    expect(after.ready.length).toBe(queue.ready.length - 1);
    const training = await computeTrainingLabels(t.db, await s.load());
    expect(training.labels.get(s.scans[42])).toEqual({ status: 'train', label: 'bleed', rule: 'adjudicated' });
  });

  it('keeps scans still short of their reads apart, labels hidden in blind mode except from their readers', async () => {
    const s = await seedProject(t, {
      readers: ['Ana', 'Ben'],
      scans: 6,
      project: { task: 'BINARY', labels, readsPerScan: 3, blindMode: true },
    });
    const [ana, ben] = s.readers;
    await s.append([
      ...s.scans.slice(0, 5).flatMap((scanId, i) => [
        { scanId, authorId: ana.id, labels: [labels[i % 2]] },
        { scanId, authorId: ben.id, labels: [labels[i % 2]] },
      ]),
      { scanId: s.scans[5], authorId: ana.id, labels: ['normal'] },
      { scanId: s.scans[5], authorId: ben.id, labels: ['bleed'] },
    ]);
    const project = await s.load();
    const asClinician = await listAdjudicationQueue(t.db, project, { id: s.clinician.id, role: 'CLINICIAN' });
    expect(asClinician.ready).toEqual([]);
    const item = asClinician.awaitingReads.find((i) => i.scanId === s.scans[5]);
    expect(item).toMatchObject({
      readCount: 2,
      labelsVisible: false,
      posterior: null,
      reads: [
        { readerName: 'Ana', labels: null },
        { readerName: 'Ben', labels: null },
      ],
    });
    const asAna = await listAdjudicationQueue(t.db, project, { id: ana.id, role: 'CLINICIAN' });
    const seenByAna = asAna.awaitingReads.find((i) => i.scanId === s.scans[5]);
    expect(seenByAna?.reads.map((r) => r.labels)).toEqual([['normal'], ['bleed']]);
    expect(seenByAna?.posterior).not.toBeNull();
  });
});
