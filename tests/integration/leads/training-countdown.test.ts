import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTrainingCountdown } from '@/server/use-cases/get-training-countdown';
import { maybeQueueTraining } from '@/server/use-cases/maybe-queue-training';
import { appendAnnotations, insertScans, withPg } from '../../helpers/agreement-fixtures';
import { makeProject, makeUser } from '../../helpers/fixtures';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';

/**
 * The countdown shares its training labels with the trigger (one computation per label
 * state): a repeat at the same sequence number gives the same answer, and a new label is
 * counted at once, never hidden behind the shared result.
 */
describe('the training countdown', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
  });

  it('counts each new training-usable scan as soon as its label commits', async () => {
    const lead = await makeUser(t.db, 'LEAD');
    const [a, b] = [await makeUser(t.db), await makeUser(t.db)];
    const project = await makeProject(
      t.db,
      { task: 'BINARY', labels: ['normal', 'hemorrhage'], normalLabels: ['normal'], retrainThreshold: 4 },
      lead.id,
    );
    const scans = await withPg(t.url, (c) => insertScans(c, project.id, 6, { prefix: 'countdown' }));
    const read = (scanId: string, authorId: string, label: string) => ({ scanId, authorId, labels: [label] });
    const countdown = async () =>
      getTrainingCountdown(t.db, await t.db.project.findUniqueOrThrow({ where: { id: project.id } }));

    // Two agreeing reads make a scan training-usable.
    await withPg(t.url, (c) =>
      appendAnnotations(c, project.id, [read(scans[0], a.id, 'normal'), read(scans[0], b.id, 'normal')]),
    );
    expect(await countdown()).toMatchObject({ usable: 1, remaining: 3 });
    expect(await countdown()).toMatchObject({ usable: 1, remaining: 3 });

    await withPg(t.url, (c) =>
      appendAnnotations(c, project.id, [read(scans[1], a.id, 'hemorrhage'), read(scans[1], b.id, 'hemorrhage')]),
    );
    expect(await countdown()).toMatchObject({ usable: 2, remaining: 2 });

    // The trigger sees the same state through the same shared result.
    const decision = await maybeQueueTraining({ db: t.db, pool: null!, boss: null! }, project.id);
    expect(decision).toMatchObject({ queued: false, usable: 2, sinceLast: 2, threshold: 4 });
  });
});
