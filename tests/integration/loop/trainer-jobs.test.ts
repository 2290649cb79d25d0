import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@/server/logger';
import { TRAIN_QUEUE, startBoss, type TrainJobData } from '@/server/jobs/boss';
import { requestTraining } from '@/server/use-cases/request-training';
import { seedDemoScans } from '@/server/use-cases/seed-demo-scans';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { makeProject } from '../../helpers/fixtures';
import { startTrainerProcess, waitFor } from '../../helpers/trainer-process';

const log = createLogger('silent');

describe('training jobs in the PostgreSQL queue', () => {
  let t: TestDatabase;
  let pool: pg.Pool;
  let storageDir: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    pool = new pg.Pool({ connectionString: t.url, max: 4 });
    storageDir = mkdtempSync(path.join(os.tmpdir(), 'nl-trainer-'));
  });
  afterAll(async () => {
    await pool.end();
    await t.drop();
    rmSync(storageDir, { recursive: true, force: true });
  });

  it('hands one job to exactly one of two trainers', async () => {
    const project = await makeProject(t.db);
    const bosses: PgBoss[] = [await startBoss(t.url, log), await startBoss(t.url, log)];
    const ran: string[] = [];
    try {
      for (const [i, boss] of bosses.entries()) {
        await boss.work<TrainJobData>(TRAIN_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
          ran.push(`${i}:${job.data.trainingJobId}`);
          await new Promise((r) => setTimeout(r, 1500));
        });
      }
      const { trainingJobId } = await requestTraining(
        { pool, boss: bosses[0] },
        { projectId: project.id, trigger: 'MANUAL', labelCount: 1 },
      );
      await waitFor('the job to be picked up', async () => ran.length > 0, 20_000);
      await new Promise((r) => setTimeout(r, 3000)); // both workers polled several times meanwhile
      expect(ran).toHaveLength(1);
      expect(ran[0]).toMatch(new RegExp(`:${trainingJobId}$`));
    } finally {
      for (const b of bosses) await b.stop({ graceful: false, wait: true });
    }
  });

  it('retries the job of a trainer killed mid-job, and finishes it on another trainer', async () => {
    const project = await makeProject(t.db, {
      slug: 'ct-kill',
      task: 'BINARY',
      labels: ['normal', 'hemorrhage'],
      normalLabels: ['normal'],
      modelKinds: ['CNN'],
      imageSize: 32,
    });
    await seedDemoScans(t.db, { projectId: project.id, count: 60, storageDir, maxPixels: 1 << 24, seed: 11 });
    const env = {
      DATABASE_URL: t.url,
      DATA_DIR: path.join(storageDir, 'data'),
      STORAGE_DIR: storageDir,
      TRAIN_JOB_EXPIRE_SECONDS: '6',
      TRAIN_QUEUE_MAINTENANCE_SECONDS: '1',
      TRAIN_JOB_RETRIES: '2',
      TRAIN_MAX_EPOCHS: '40',
      // The second attempt must finish within the 6 s expiry: no baseline after its ranking.
      TRAIN_BASELINE: 'false',
    };
    const boss = await startBoss(t.url, log, { expireInSeconds: 6, retryLimit: 2 });
    const first = startTrainerProcess(env);
    let second: ReturnType<typeof startTrainerProcess> | null = null;
    try {
      const { trainingJobId } = await requestTraining(
        { pool, boss },
        { projectId: project.id, trigger: 'MANUAL', labelCount: 18 },
      );
      // Kill the first trainer as soon as it reports training progress: surely mid-job.
      await waitFor(
        'training progress',
        async () => {
          const j = await t.db.trainingJob.findUniqueOrThrow({ where: { id: trainingJobId } });
          return j.state === 'RUNNING' && j.progress !== null;
        },
        90_000,
        20,
      );
      first.kill('SIGKILL');
      second = startTrainerProcess(env);
      const done = await waitFor(
        'the retried job to finish',
        async () => {
          const j = await t.db.trainingJob.findUniqueOrThrow({ where: { id: trainingJobId } });
          return j.state === 'SUCCEEDED' || j.state === 'FAILED' ? j : null;
        },
        150_000,
        250,
      );
      expect(done.error ?? '', second.output()).not.toMatch(/Not enough/);
      expect(done.state).toBe('SUCCEEDED');
      expect(done.attempts).toBe(2);
      const versions = await t.db.modelVersion.findMany({ where: { projectId: project.id } });
      expect(versions).toHaveLength(1);
      expect(versions[0]).toMatchObject({ kind: 'CNN', active: true, state: 'READY', trainingJobId });
      expect(await t.db.queueItem.count({ where: { projectId: project.id, queue: 'REVIEW' } })).toBeGreaterThan(0);
    } finally {
      first.kill('SIGKILL');
      second?.kill('SIGTERM');
      await boss.stop({ graceful: false, wait: true });
    }
  }, 300_000);
});
