import pg from 'pg';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@/server/logger';
import { TRAIN_QUEUE, startBoss } from '@/server/jobs/boss';
import { requestTraining } from '@/server/use-cases/request-training';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { makeProject } from '../../helpers/fixtures';

describe('training requests are queued exactly once', () => {
  let t: TestDatabase;
  const servers: { pool: pg.Pool; boss: PgBoss }[] = [];
  beforeAll(async () => {
    t = await createTestDatabase();
    const log = createLogger('silent');
    // Two "app servers": each has its own pool and its own queue client.
    for (let i = 0; i < 2; i++) {
      servers.push({ pool: new pg.Pool({ connectionString: t.url, max: 5 }), boss: await startBoss(t.url, log) });
    }
  });
  afterAll(async () => {
    for (const s of servers) {
      await s.boss.stop({ graceful: false, wait: true });
      await s.pool.end();
    }
    await t.drop();
  });

  it('queues one job when several servers see the crossing at once', async () => {
    const project = await makeProject(t.db);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        requestTraining(servers[i % 2], { projectId: project.id, trigger: 'THRESHOLD', labelCount: 50 }),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.trainingJobId)).size).toBe(1);
    const jobs = await t.db.trainingJob.findMany({ where: { projectId: project.id } });
    expect(jobs).toHaveLength(1);
    expect(jobs[0].queueJobId).toBeTruthy();
    expect(await servers[0].boss.getQueueSize(TRAIN_QUEUE)).toBe(1);
    const p = await t.db.project.findUniqueOrThrow({ where: { id: project.id } });
    expect(p.labelsAtLastTraining).toBe(50);
  });

  it('lets a running job absorb further requests, and queues again once it has finished', async () => {
    const project = await makeProject(t.db);
    const first = await requestTraining(servers[0], { projectId: project.id, trigger: 'MANUAL', labelCount: 10 });
    await t.db.trainingJob.update({
      where: { id: first.trainingJobId },
      data: { state: 'RUNNING', startedAt: new Date() },
    });
    const during = await requestTraining(servers[1], { projectId: project.id, trigger: 'THRESHOLD', labelCount: 60 });
    expect(during).toEqual({ created: false, trainingJobId: first.trainingJobId });
    await t.db.trainingJob.update({
      where: { id: first.trainingJobId },
      data: { state: 'SUCCEEDED', finishedAt: new Date() },
    });
    const after = await requestTraining(servers[1], { projectId: project.id, trigger: 'THRESHOLD', labelCount: 60 });
    expect(after.created).toBe(true);
    expect(after.trainingJobId).not.toBe(first.trainingJobId);
  });
});
