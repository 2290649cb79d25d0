/**
 * A job whose kinds include some with no active version (they train from scratch: minutes)
 * publishes a first ranking as soon as a kind has trained and been promoted, the frozen
 * ResNet50 head first (it needs no epochs), then the final ranking by every kind. A job whose
 * kinds all have an active version publishes one ranking, at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueUpdatedEvent } from '@/lib/events/project-event';
import { listenForEvents } from '@/server/events/listen';
import { startBoss } from '@/server/jobs/boss';
import { createLogger } from '@/server/logger';
import { requestTraining } from '@/server/use-cases/request-training';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { memoryFeatureCache } from '@/trainer/resnet50/feature-cache';
import { runTrainingJob, trainingOrder } from '@/trainer/service/run-training-job';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { makeProject } from '../../helpers/fixtures';
import { importSynthScans } from '../../helpers/synth-project';
import { waitFor } from '../../helpers/trainer-process';

const log = createLogger('silent');

describe('the first ranking of a job', () => {
  let t: TestDatabase;
  let work: string;
  let pool: pg.Pool;
  let boss: PgBoss;
  let stopListening: () => Promise<void>;
  const updates: QueueUpdatedEvent[] = [];
  beforeAll(async () => {
    t = await createTestDatabase();
    work = mkdtempSync(path.join(os.tmpdir(), 'nl-first-ranking-'));
    pool = new pg.Pool({ connectionString: t.url, max: 2 });
    boss = await startBoss(t.url, log);
    stopListening = await listenForEvents(t.url, log, (e) => {
      if (e.event.type === 'queue.updated') updates.push(e.event);
    });
  });
  afterAll(async () => {
    await stopListening?.();
    await boss?.stop({ graceful: false, wait: true });
    await pool?.end();
    await t?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('trains a frozen ResNet50 first; the defaults and other orders keep the project order', () => {
    const p = { id: 'p', imageSize: 32 };
    expect(trainingOrder({ ...p, modelKinds: ['CNN', 'RESNET', 'RESNET50'] })).toEqual(['RESNET50', 'CNN', 'RESNET']);
    expect(trainingOrder({ ...p, modelKinds: ['RESNET', 'CNN'] })).toEqual(['RESNET', 'CNN']);
    // Stage 5 fine-tuned: the ResNet50 trains epochs like the others, in its place.
    expect(trainingOrder({ ...p, resnet50Variant: 'finetune', modelKinds: ['CNN', 'RESNET50'] })).toEqual([
      'CNN',
      'RESNET50',
    ]);
  });

  it('publishes the ResNet50 ranking before the CNN trains from scratch, then the ranking by both', async () => {
    const storageDir = path.join(work, 'storage');
    const project = await makeProject(t.db, {
      task: 'BINARY',
      labels: ['normal', 'hemorrhage'],
      normalLabels: ['normal'],
      modelKinds: ['CNN', 'RESNET50'],
      imageSize: 32,
      readsPerScan: 1,
    });
    await importSynthScans(t.db, { projectId: project.id, work, storageDir, labelled: 20, unlabelled: 10, seed: 9 });
    const deps = {
      db: t.db,
      pool,
      log,
      storageDir,
      backend: await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: log }),
      featureCache: memoryFeatureCache(),
      workerId: 'test',
      maxEpochs: 2,
    };
    const job = async () => {
      updates.length = 0;
      const { trainingJobId } = await requestTraining(
        { pool, boss },
        { projectId: project.id, trigger: 'MANUAL', labelCount: 20 },
      );
      return runTrainingJob(deps, trainingJobId);
    };

    const first = await job();
    await waitFor('both rankings', async () => updates.length >= 2);
    expect(updates).toHaveLength(2);
    expect(updates[0]).toMatchObject({ versions: [{ kind: 'RESNET50', version: 1 }], pending: ['CNN'] });
    expect(updates[0].top.length).toBeGreaterThan(0);
    expect(updates[1].pending).toEqual([]);
    expect(updates[1].versions.map((v) => v.kind).sort()).toEqual(['CNN', 'RESNET50']);
    expect(updates[1].generation).toBeGreaterThan(updates[0].generation);
    expect(first.timings.firstRanking).toMatchObject({ kinds: ['RESNET50'] });
    // The job's progress names the first ranking, with its steps in the order the kinds trained.
    const progress = await t.db.trainingJob.findFirstOrThrow({ where: { projectId: project.id } });
    expect((progress.progress as { kinds: string[] }).kinds).toEqual(['RESNET50', 'CNN']);
    // The ResNet50 scored once, in the first ranking; the final one scored only the CNN.
    const predictions = await t.db.prediction.groupBy({ by: ['modelVersionId'], _count: true });
    expect(predictions.map((p) => p._count)).toEqual([30, 30]);

    // Every kind now has an active version: the next job publishes one ranking, at its end.
    const second = await job();
    await waitFor('the ranking', async () => updates.length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(updates).toHaveLength(1);
    expect(updates[0].pending).toEqual([]);
    expect(second.timings.firstRanking).toBeUndefined();
  }, 240_000);
});
