import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { createDb } from '@/server/db/client';
import { makeProject, makeScan, makeUser } from '../../helpers/fixtures';

/** Every model in schema.prisma: created, read back, filtered and related through the client. */
describe('generated client round trip (Rust-free client over @prisma/adapter-pg)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('creates, reads, filters and relates every model', async () => {
    const db = t.db;
    const lead = await makeUser(db, 'LEAD');
    const reader = await makeUser(db, 'ANNOTATOR');
    const project = await makeProject(db, { modelKinds: ['CNN', 'RESNET50'] }, lead.id);
    await db.projectMember.create({ data: { projectId: project.id, userId: reader.id, role: 'ANNOTATOR' } });
    const batch = await db.importBatch.create({
      data: {
        projectId: project.id,
        userId: lead.id,
        state: 'SUCCEEDED',
        imported: 1,
        summary: [{ name: 'a.dcm', status: 'imported' }],
      },
    });
    const scan = await makeScan(db, project.id);
    await db.scan.update({
      where: { id: scan.id },
      data: { importBatchId: batch.id, split: 'TRAIN', dicomMeta: { Modality: 'CT', PixelSpacing: [0.5, 0.5] } },
    });
    const snapshot = await db.labelSnapshot.create({
      data: {
        projectId: project.id,
        upToSeq: 10n,
        rule: 'adjudicated>dawid-skene>majority>single',
        itemCount: 1,
        counts: { normal: 1 },
      },
    });
    const job = await db.trainingJob.create({
      data: {
        projectId: project.id,
        trigger: 'MANUAL',
        requestedById: lead.id,
        state: 'RUNNING',
        startedAt: new Date(),
        progress: { kind: 'CNN', epoch: 1 },
      },
    });
    const mv = await db.modelVersion.create({
      data: {
        projectId: project.id,
        kind: 'CNN',
        version: 1,
        backend: 'wasm',
        hyperParams: { lr: 0.001 },
        labelCount: 1,
        labelSnapshotId: snapshot.id,
        trainingJobId: job.id,
        state: 'READY',
        active: true,
        metrics: { macroF1: 0.8 },
      },
    });
    const prediction = await db.prediction.create({
      data: { modelVersionId: mv.id, scanId: scan.id, probabilities: [0.7, 0.2, 0.1], mcSamples: [[0.6, 0.3, 0.1]] },
    });
    const annotation = await db.annotation.create({
      data: {
        projectId: project.id,
        scanId: scan.id,
        authorId: reader.id,
        source: 'PREDICTION_ACCEPTED',
        action: 'ACCEPT_PREDICTION',
        value: { labels: ['normal'] },
        seq: 1n,
        idempotencyKey: 'idem-1',
        predictionId: prediction.id,
      },
    });
    await db.score.create({
      data: {
        projectId: project.id,
        scanId: scan.id,
        measure: 'entropy',
        value: 0.8,
        modelVersionIds: [mv.id],
        versionKey: mv.id,
      },
    });
    await db.queueItem.create({
      data: {
        projectId: project.id,
        scanId: scan.id,
        rank: 1,
        strategy: 'entropy',
        score: 0.8,
        reason: 'entropy 0.80',
      },
    });
    await db.claim.create({
      data: { projectId: project.id, scanId: scan.id, userId: reader.id, expiresAt: new Date(Date.now() + 300_000) },
    });
    await db.explanation.create({
      data: {
        modelVersionId: mv.id,
        scanId: scan.id,
        state: 'SUCCEEDED',
        layerName: 'conv3',
        heatmapPath: '/x.f32',
        finishedAt: new Date(),
      },
    });
    await db.auditEvent.create({
      data: { actorId: lead.id, projectId: project.id, action: 'test.event', details: { ok: true } },
    });

    // Read back with relations from the project outwards.
    const full = await db.project.findUniqueOrThrow({
      where: { id: project.id },
      include: {
        members: { include: { user: true } },
        scans: {
          include: {
            annotations: true,
            predictions: true,
            scores: true,
            queueItems: true,
            claims: true,
            explanations: true,
            importBatch: true,
          },
        },
        modelVersions: { include: { labelSnapshot: true, trainingJob: true, predictions: true } },
        trainingJobs: true,
        auditEvents: true,
        createdBy: true,
      },
    });
    expect(full.modelKinds).toEqual(['CNN', 'RESNET50']);
    expect(full.members.map((m) => m.role).sort()).toEqual(['ANNOTATOR', 'LEAD']);
    expect(full.createdBy?.id).toBe(lead.id);
    const s = full.scans[0];
    expect(s.dicomMeta).toEqual({ Modality: 'CT', PixelSpacing: [0.5, 0.5] });
    expect(s.importBatch?.imported).toBe(1);
    expect(s.annotations[0].seq).toBe(1n);
    expect(s.predictions[0].probabilities).toEqual([0.7, 0.2, 0.1]);
    expect(s.scores[0].versionKey).toBe(mv.id);
    expect(s.queueItems[0].queue).toBe('REVIEW');
    expect(s.claims[0].state).toBe('ACTIVE');
    expect(s.explanations[0].layerName).toBe('conv3');
    expect(full.modelVersions[0].labelSnapshot?.upToSeq).toBe(10n);
    expect(full.modelVersions[0].trainingJob?.state).toBe('RUNNING');
    expect(full.auditEvents.map((e) => e.action)).toContain('test.event');

    // Filters and reverse relations.
    expect(
      await db.annotation.count({
        where: { source: 'PREDICTION_ACCEPTED', value: { path: ['labels'], array_contains: ['normal'] } },
      }),
    ).toBe(1);
    const withPred = await db.annotation.findUniqueOrThrow({
      where: { id: annotation.id },
      include: { prediction: { include: { modelVersion: true } }, author: true },
    });
    expect(withPred.prediction?.modelVersion.kind).toBe('CNN');
    expect(withPred.author.email).toBe(reader.email);
    expect(
      await db.modelVersion.findFirst({ where: { projectId: project.id, kind: 'CNN', active: true } }),
    ).not.toBeNull();
    expect(await db.scan.count({ where: { projectId: project.id, split: 'TRAIN' } })).toBe(1);
    expect(await db.user.count({ where: { memberships: { some: { projectId: project.id } } } })).toBe(2);
    expect(await db.trainingJob.count({ where: { state: { in: ['QUEUED', 'RUNNING'] } } })).toBe(1);
    expect(await db.importBatch.findFirst({ where: { scans: { some: { id: scan.id } } } })).not.toBeNull();
  });

  it('enforces the lifecycle guards: one open training job, one active claim, one active version', async () => {
    const db = t.db;
    const user = await makeUser(db);
    const project = await makeProject(db);
    const scan = await makeScan(db, project.id);
    await db.trainingJob.create({ data: { projectId: project.id, trigger: 'THRESHOLD' } });
    await expect(db.trainingJob.create({ data: { projectId: project.id, trigger: 'THRESHOLD' } })).rejects.toThrow();
    await expect(
      db.trainingJob.create({ data: { projectId: project.id, trigger: 'MANUAL', state: 'FAILED' } }),
    ).rejects.toThrow(); // FAILED needs error + finishedAt
    const expires = new Date(Date.now() + 1000);
    await db.claim.create({ data: { projectId: project.id, scanId: scan.id, userId: user.id, expiresAt: expires } });
    await expect(
      db.claim.create({ data: { projectId: project.id, scanId: scan.id, userId: user.id, expiresAt: expires } }),
    ).rejects.toThrow();
    const base = {
      projectId: project.id,
      kind: 'CNN' as const,
      backend: 'cpu',
      hyperParams: {},
      labelCount: 0,
      active: true,
    };
    await db.modelVersion.create({ data: { ...base, version: 1 } });
    await expect(db.modelVersion.create({ data: { ...base, version: 2 } })).rejects.toThrow();
  });

  it('prepares each distinct statement once per connection, and the prepared ones still answer correctly', async () => {
    const db = createDb(t.url, { max: 1 });
    try {
      const project = await makeProject(t.db);
      const scans = [await makeScan(t.db, project.id), await makeScan(t.db, project.id)];
      // The same query shape with different values: one statement, right answers each time.
      for (const scan of [...scans, ...scans]) {
        expect((await db.scan.findUnique({ where: { id: scan.id }, select: { id: true } }))?.id).toBe(scan.id);
      }
      const prepared = await db.$queryRaw<
        { name: string; statement: string }[]
      >`SELECT name, statement FROM pg_prepared_statements`;
      const scanLookups = prepared.filter((p) => p.statement.includes('"Scan"'));
      expect(scanLookups).toHaveLength(1);
      expect(prepared.every((p) => p.name.startsWith('nl_'))).toBe(true);
    } finally {
      await db.$disconnect();
    }
  });
});
