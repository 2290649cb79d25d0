import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTrainingCountdown } from '@/server/use-cases/get-training-countdown';
import { seedDemoScans } from '@/server/use-cases/seed-demo-scans';
import { makeProject, makeUser } from '../../helpers/fixtures';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';

describe('the demo does not train on its first key press', () => {
  let t: TestDatabase;
  let storageDir: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    storageDir = await mkdtemp(path.join(os.tmpdir(), 'nl-demo-baseline-'));
  });
  afterAll(async () => {
    await t.drop();
    await rm(storageDir, { recursive: true, force: true });
  });

  it('takes the imported labels as the baseline: the whole threshold is still to go', async () => {
    const lead = await makeUser(t.db, 'LEAD');
    const project = await makeProject(
      t.db,
      { task: 'BINARY', labels: ['normal', 'hemorrhage'], normalLabels: ['normal'], retrainThreshold: 5 },
      lead.id,
    );
    await seedDemoScans(t.db, { projectId: project.id, count: 20, storageDir, maxPixels: 1 << 24, seed: 3 });
    const seeded = await t.db.project.findUniqueOrThrow({ where: { id: project.id } });
    const countdown = await getTrainingCountdown(t.db, seeded);
    // 50% of the demo's scans come with labels: more than the threshold, yet none is new.
    expect(countdown.usable).toBe(10);
    expect(seeded.labelsAtLastTraining).toBe(10);
    expect(countdown).toMatchObject({ sinceLast: 0, remaining: 5 });
  });
});
