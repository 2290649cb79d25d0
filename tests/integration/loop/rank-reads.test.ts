/**
 * Ranking reads what its strategy needs from the stored scores: BALD the stored mutual
 * information, the diverse strategy the embeddings, the others only probabilities.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeEmbeddings } from '@/server/storage/embedding-store';
import { rankReviewQueue } from '@/server/use-cases/rank-review-queue';
import { savePredictions } from '@/server/use-cases/save-predictions';
import { makeProject, makeScan } from '../../helpers/fixtures';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';

let t: TestDatabase;
let storageDir: string;
beforeAll(async () => {
  t = await createTestDatabase();
  storageDir = mkdtempSync(path.join(os.tmpdir(), 'nl-rank-'));
});
afterAll(async () => {
  await t.drop();
  rmSync(storageDir, { recursive: true, force: true });
});

/** A project of 6 scans scored by one CNN version: scan i has probabilities [p, 1 - p] and mutual information mi[i]. */
async function scoredProject(strategy: string) {
  const project = await makeProject(t.db, {
    task: 'BINARY',
    labels: ['normal', 'hemorrhage'],
    normalLabels: ['normal'],
    readsPerScan: 1,
    strategy: strategy as never,
  });
  const scans = [];
  for (let i = 0; i < 6; i++) scans.push(await makeScan(t.db, project.id));
  const version = await t.db.modelVersion.create({
    data: {
      projectId: project.id,
      kind: 'CNN',
      version: 1,
      backend: 'wasm',
      hyperParams: {},
      labelCount: 0,
      state: 'READY',
      active: true,
    },
  });
  const p = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95];
  const mi = [0.01, 0.02, 0.3, 0.04, 0.05, 0.06];
  const refs = await writeEmbeddings(
    storageDir,
    `embeddings/${version.id}/0.f32`,
    scans.map((_, i) => [i, i % 2, 1]),
  );
  await savePredictions(
    t.db,
    version.id,
    scans.map((s, i) => ({
      scanId: s.id,
      probabilities: [p[i], 1 - p[i]],
      mcSamples: [
        [p[i], 1 - p[i]],
        [1 - p[i], p[i]],
      ],
      mutualInformation: mi[i],
      embeddingRef: refs[i],
    })),
  );
  return { project, scans };
}

describe('rankReviewQueue', () => {
  it('ranks by the stored mutual information for BALD', async () => {
    const { project, scans } = await scoredProject('bald');
    const ranked = await rankReviewQueue(t.db, storageDir, project);
    expect(ranked.top[0].scanId).toBe(scans[2].id);
    expect(ranked.top[0].score).toBeCloseTo(0.3, 12);
  });

  it('ranks by probabilities for entropy, the most uncertain first', async () => {
    const { project, scans } = await scoredProject('entropy');
    const ranked = await rankReviewQueue(t.db, storageDir, project);
    expect(ranked.top.map((r) => r.scanId)).toEqual(scans.map((s) => s.id));
  });

  it('reads the embeddings for the diverse strategy', async () => {
    const { project } = await scoredProject('diverse');
    const ranked = await rankReviewQueue(t.db, storageDir, project);
    expect(ranked.ranked).toBe(6);
    expect(ranked.top.some((r) => /no diversity/.test(r.reason))).toBe(false);
  });
});
