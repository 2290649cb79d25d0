import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@/server/logger';
import { TRAIN_QUEUE, startBoss, type TrainJobData } from '@/server/jobs/boss';
import { markTrainingJobRunning } from '@/server/use-cases/update-training-job';
import { requestTraining } from '@/server/use-cases/request-training';
import { sweepStrandedJobs } from '@/trainer/service/sweep-stranded-jobs';
import { startWatchdog } from '@/trainer/service/watchdog';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { makeProject } from '../../helpers/fixtures';
import { waitFor } from '../../helpers/trainer-process';

const log = createLogger('silent');

function spin(ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // an injected stall: this thread makes no progress and runs no event loop
  }
}

describe('a stalled or dead trainer’s job', () => {
  let t: TestDatabase;
  let pool: pg.Pool;
  let boss: PgBoss;
  let storageDir: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    pool = new pg.Pool({ connectionString: t.url, max: 4 });
    boss = await startBoss(t.url, log, { retryLimit: 2, retryDelaySeconds: 1 });
    storageDir = mkdtempSync(path.join(os.tmpdir(), 'nl-handoff-'));
  });
  afterAll(async () => {
    await boss.stop({ graceful: false, wait: true });
    await pool.end();
    await t.drop();
    rmSync(storageDir, { recursive: true, force: true });
  });

  it('fails with the watchdog’s reason, retires the attempt’s versions, and reaches a live trainer in seconds', async () => {
    const project = await makeProject(t.db);
    const { trainingJobId } = await requestTraining(
      { pool, boss },
      { projectId: project.id, trigger: 'MANUAL', labelCount: 10 },
    );
    // A trainer takes the job and starts it.
    const [taken] = await boss.fetch<TrainJobData>(TRAIN_QUEUE);
    expect(taken.data.trainingJobId).toBe(trainingJobId);
    await markTrainingJobRunning(t.db, trainingJobId, 'stalled-trainer');
    // Before the stall it registered one version (promoted) and wrote its artifact.
    const snapshot = await t.db.labelSnapshot.create({
      data: { projectId: project.id, upToSeq: 0n, rule: 'majority', itemCount: 10, counts: {} },
    });
    const older = await t.db.modelVersion.create({
      data: {
        projectId: project.id,
        kind: 'CNN',
        version: 1,
        backend: 'wasm',
        hyperParams: {},
        metrics: { validation: { macroF1: 0.7 } },
        labelCount: 8,
        state: 'READY',
        active: false,
        createdAt: new Date(Date.now() - 3_600_000),
      },
    });
    const artifactPath = path.join('models', project.id, 'cnn-v2');
    mkdirSync(path.join(storageDir, artifactPath), { recursive: true });
    writeFileSync(path.join(storageDir, artifactPath, 'model.json'), '{}');
    const orphan = await t.db.modelVersion.create({
      data: {
        projectId: project.id,
        kind: 'CNN',
        version: 2,
        backend: 'wasm',
        hyperParams: {},
        metrics: { validation: { macroF1: 0.8 } },
        labelCount: 10,
        labelSnapshotId: snapshot.id,
        state: 'READY',
        active: true,
        artifactPath,
        trainingJobId,
      },
    });

    // The watchdog thread sees the main thread stuck and writes the reason onto the job.
    const stalls: string[] = [];
    const dog = startWatchdog(
      { stallMs: 500, heartbeatMs: 200, checkMs: 50, databaseUrl: t.url, killAfterMs: null },
      (m) => m.type === 'stalled' && stalls.push(m.stage),
    );
    try {
      await dog.ready;
      dog.watch(trainingJobId);
      dog.beat('cnn train');
      spin(2_000);
      await waitFor('the stall', async () => stalls.length > 0, 10_000, 20);
    } finally {
      await dog.stop();
    }
    const marked = await t.db.trainingJob.findUniqueOrThrow({ where: { id: trainingJobId } });
    expect(marked.error).toMatch(/no progress for \d+ s \(during cnn train\)/);
    expect(marked.heartbeatAt!.getTime()).toBe(0);

    // A live trainer's sweep hands it on: queued again at once, not after the queue's expiry.
    const handedAt = Date.now();
    expect(await sweepStrandedJobs({ db: t.db, boss, log, storageDir, heartbeatTimeoutMs: 30_000 })).toBe(1);
    const requeued = await t.db.trainingJob.findUniqueOrThrow({ where: { id: trainingJobId } });
    expect(requeued).toMatchObject({ state: 'QUEUED', startedAt: null });
    expect(requeued.error).toMatch(/no progress/);
    const retried = await waitFor(
      'the retry to be fetched',
      async () => (await boss.fetch<TrainJobData>(TRAIN_QUEUE))[0],
      20_000,
      100,
    );
    expect(retried.data.trainingJobId).toBe(trainingJobId);
    expect(Date.now() - handedAt).toBeLessThan(20_000);

    // The failed attempt's version does not linger: FAILED, inactive, artifact gone; the older one is active again.
    const after = await t.db.modelVersion.findUniqueOrThrow({ where: { id: orphan.id } });
    expect(after).toMatchObject({ state: 'FAILED', active: false });
    expect(after.error).toMatch(/its training attempt failed: .*no progress/);
    expect(existsSync(path.join(storageDir, artifactPath))).toBe(false);
    expect((await t.db.modelVersion.findUniqueOrThrow({ where: { id: older.id } })).active).toBe(true);
  });

  it('hands on the job of a trainer that died without a word once its heartbeat is older than the timeout', async () => {
    const project = await makeProject(t.db);
    const { trainingJobId } = await requestTraining(
      { pool, boss },
      { projectId: project.id, trigger: 'MANUAL', labelCount: 10 },
    );
    await boss.fetch<TrainJobData>(TRAIN_QUEUE);
    await markTrainingJobRunning(t.db, trainingJobId, 'dead-trainer');
    const deps = { db: t.db, boss, log, storageDir, heartbeatTimeoutMs: 1_000 };
    // A fresh heartbeat: the trainer is alive, nothing happens.
    expect(await sweepStrandedJobs(deps)).toBe(0);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await sweepStrandedJobs(deps)).toBe(1);
    const job = await t.db.trainingJob.findUniqueOrThrow({ where: { id: trainingJobId } });
    expect(job.state).toBe('QUEUED');
    expect(job.error).toMatch(/stopped sending heartbeats \d+ s ago/);
  });
});
