import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAgreementOverTime } from '@/server/use-cases/get-agreement-over-time';
import { getProjectAgreement } from '@/server/use-cases/get-project-agreement';
import { listAdjudicationQueue } from '@/server/use-cases/list-adjudication-queue';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { simulateReads } from '../../unit/agreement/simulate';
import { seedProject, simulatedAnnotations } from './seed';

const labels = ['normal', 'glioma', 'meningioma'];

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await fn();
  return { ms: Math.round(performance.now() - start), result };
}

/**
 * "Fast enough to show on demand": 20,000 reads (4,000 scans x 5 readers, over 8 weeks)
 * with 1,000 bootstrap replicates. Bounds are loose (shared CI machines); the numbers are printed.
 */
describe('agreement at 20k reads', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('computes on demand in about a second, and from memory after that', async () => {
    const s = await seedProject(t, { readers: ['Ana', 'Ben', 'Cleo', 'Dev', 'Eve'], scans: 4000 });
    const { reads } = simulateReads({
      seed: 9,
      items: 4000,
      categories: labels,
      accuracies: [0.9, 0.85, 0.8, 0.75, 0.7],
    });
    const perWeek = reads.length / 8;
    for (let w = 0; w < 8; w++) {
      await s.append(
        simulatedAnnotations(
          s,
          reads.slice(w * perWeek, (w + 1) * perWeek),
          new Date(Date.UTC(2026, 8, 7 + 7 * w, 12)),
        ),
      );
    }
    const project = await s.load();
    expect(project.lastSequence).toBe(20_000n);

    const cold = await timed(() => getProjectAgreement(t.db, project, { viewerRole: 'LEAD' }));
    const warm = await timed(() => getProjectAgreement(t.db, project, { viewerRole: 'LEAD' }));
    const overCold = await timed(() => getAgreementOverTime(t.db, project));
    const overWarm = await timed(() => getAgreementOverTime(t.db, project));
    const queue = await timed(() => listAdjudicationQueue(t.db, project, { id: s.clinician.id, role: 'CLINICIAN' }));
    await s.append([{ scanId: s.scans[0], authorId: s.readers[0].id, labels: ['glioma'] }]);
    const next = await s.load();
    const afterRead = await timed(() => getProjectAgreement(t.db, next, { viewerRole: 'LEAD' }));
    const overAfterRead = await timed(() => getAgreementOverTime(t.db, next));
    console.log(
      `agreement at 20k reads: report ${cold.ms} ms cold (${cold.result.computeMs} ms inside), ${warm.ms} ms cached; ` +
        `over time (8 weeks) ${overCold.ms} ms cold, ${overWarm.ms} ms with periods cached; ` +
        `adjudication queue ${queue.ms} ms (${queue.result.ready.length} scans); ` +
        `after one more read: report ${afterRead.ms} ms, over time ${overAfterRead.ms} ms (only the new read's week recomputed)`,
    );
    expect(cold.result.report.counts.reads).toBe(20_000);
    expect(overCold.result.byWeek).toHaveLength(8);
    expect(cold.ms).toBeLessThan(15_000);
    expect(warm.ms).toBeLessThan(50);
    expect(overWarm.ms).toBeLessThan(overCold.ms);
    expect(afterRead.result.upToSeq).toBe(20_001);
    expect(overAfterRead.result.byWeek).toHaveLength(9);
  });
});
