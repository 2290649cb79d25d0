import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProjectAgreement } from '@/server/use-cases/get-project-agreement';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { simulateReads } from '../../unit/agreement/simulate';
import { seedProject, simulatedAnnotations } from './seed';

const READERS = 60;
const SCANS = 40;

/** The longest the event loop went without running a 10 ms timer while `work` ran. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ stallMs: number; result: T }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 10);
  try {
    const result = await work();
    return { stallMs, result };
  } finally {
    clearInterval(timer);
  }
}

describe('agreement statistics off the event loop', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it(`a ${READERS}-reader project's bootstrap leaves the event loop free and stops at its time budget`, async () => {
    const names = Array.from({ length: READERS }, (_, i) => `Reader${i + 1}`);
    const s = await seedProject(t, { readers: names, scans: SCANS });
    const { reads } = simulateReads({
      seed: 11,
      items: SCANS,
      categories: ['normal', 'glioma', 'meningioma'],
      accuracies: names.map((_, i) => 0.6 + (i % 4) * 0.1),
    });
    await s.append(simulatedAnnotations(s, reads));
    const project = await s.load();

    const budgetMs = 1_500;
    const started = performance.now();
    const { stallMs, result } = await longestStall(() =>
      getProjectAgreement(t.db, project, { viewerRole: 'LEAD', bootstrap: 10_000, seed: 7, budgetMs }),
    );
    const elapsed = performance.now() - started;
    console.log(
      `agreement, ${READERS} readers, bootstrap 10000: ${Math.round(elapsed)} ms, ${result.report.bootstrap.done} replicates, longest event-loop stall ${Math.round(stallMs)} ms`,
    );
    expect(result.report.counts.readers).toBe(READERS);
    expect(result.report.cohen_kappa).toHaveLength((READERS * (READERS - 1)) / 2);
    // 1,770 reader pairs x 10,000 replicates cannot finish in 1.5 s: the answer is partial and says so.
    expect(result.report.bootstrap.done).toBeLessThan(10_000);
    expect(result.note).toMatch(/time budget ran out/);
    // Reading the rows and copying them to the worker happen on this thread; the statistics do not.
    // Computed here, the loop would stall for nearly all of `elapsed`; on a loaded machine any
    // thread may wait a moment for a core, so the bound is relative.
    expect(stallMs).toBeLessThan(elapsed / 4);
  }, 180_000);
});
