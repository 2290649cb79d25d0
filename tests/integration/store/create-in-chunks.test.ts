import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceQueue, saveScores } from '@/server/use-cases/replace-queue';
import { savePredictions } from '@/server/use-cases/save-predictions';
import { makeProject } from '../../helpers/fixtures';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';

/**
 * Writes of more rows than one statement may bind (predictions, scores and queues of
 * thousands of scans) go as sequential statements: none is sent on a connection that is
 * still busy with another (node-postgres queues those with a deprecation warning today
 * and refuses them from pg 9; prisma/orm#29646).
 */
const SCANS = 12_000;
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

/** Counts queries handed to a connection that already had one waiting or running. */
function queuedQueries() {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  let queued = 0;
  proto.query = function (this: { _queryQueue?: unknown[]; _activeQuery?: unknown }, ...args: unknown[]) {
    if ((this._queryQueue?.length ?? 0) > 0) queued += 1;
    return original.apply(this, args);
  };
  return { count: () => queued, restore: () => void (proto.query = original) };
}

describe('large bulk writes', () => {
  it('stores predictions, scores and a queue of 12,000 scans without queueing statements on one connection', async () => {
    const project = await makeProject(t.db);
    await t.db.$executeRaw`
      INSERT INTO "Scan" (id, "projectId", "contentHash", "fileHash", "originalPath", "originalName", "previewPath", "thumbnailPath", modality, width, height)
      SELECT 'big-' || i, ${project.id}, 'h' || i, 'h' || i, '-', 'scan-' || i || '.dcm', '-', '-', 'CT', 64, 64 FROM generate_series(1, ${SCANS}::int) AS i`;
    const scanIds = Array.from({ length: SCANS }, (_, i) => `big-${i + 1}`);
    const version = await t.db.modelVersion.create({
      data: {
        projectId: project.id,
        kind: 'CNN',
        version: 1,
        backend: 'wasm',
        hyperParams: {},
        labelCount: 0,
        state: 'READY',
      },
    });

    const seen = queuedQueries();
    try {
      const stored = await savePredictions(
        t.db,
        version.id,
        scanIds.map((scanId, i) => ({
          scanId,
          probabilities: [0.3, 0.7],
          mcSamples: [[0.2, 0.8]],
          mutualInformation: (i % 100) / 1000,
        })),
      );
      expect(stored).toBe(SCANS);
      await saveScores(t.db, {
        projectId: project.id,
        measure: 'entropy',
        modelVersionIds: [version.id],
        scores: scanIds.map((scanId, i) => ({ scanId, value: i / SCANS })),
      });
      await replaceQueue(t.db, {
        projectId: project.id,
        queue: 'REVIEW',
        strategy: 'entropy',
        entries: scanIds.map((scanId, i) => ({ scanId, rank: i + 1, score: 1 - i / SCANS, reason: 'entropy' })),
      });
      expect(seen.count()).toBe(0);
    } finally {
      seen.restore();
    }
    expect(await t.db.prediction.count({ where: { modelVersionId: version.id } })).toBe(SCANS);
    expect(await t.db.score.count({ where: { projectId: project.id } })).toBe(2 * SCANS);
    const queue = await t.db.queueItem.findMany({
      where: { projectId: project.id, queue: 'REVIEW' },
      orderBy: { rank: 'asc' },
      select: { scanId: true, rank: true },
    });
    expect(queue).toHaveLength(SCANS);
    expect(queue.at(-1)).toEqual({ scanId: `big-${SCANS}`, rank: SCANS });
    // Storing again adds nothing.
    expect(
      await savePredictions(
        t.db,
        version.id,
        scanIds.slice(0, 10).map((scanId) => ({ scanId, probabilities: [0.5, 0.5] })),
      ),
    ).toBe(0);
  });
});
