import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getScanState, getScanStateFrom, scanStateWithView } from '@/server/use-cases/get-scan-state';
import type { ScanReader } from '@/server/store/sql';
import { ScanRowsCache } from '@/server/db/scan-rows-cache';
import { submitAnnotation } from '@/server/use-cases/submit-annotation';
import { makePrediction, realtimeProject } from '../../helpers/realtime-fixtures';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';

/**
 * A scan as the viewer opens it: rows, predictions and claim come from one statement,
 * and must be exactly what the database holds: only active model versions, one per kind
 * in CNN, ResNet, ResNet50 order, probabilities to the last bit, and only a live claim.
 */
let t: TestDatabase;
let sql: pg.Pool;
beforeAll(async () => {
  t = await createTestDatabase();
  sql = new pg.Pool({ connectionString: t.url, max: 2 });
});
afterAll(async () => {
  await sql.end();
  await t.drop();
});

// Prisma (HTTP routes), and the realtime path's own node-postgres pool (bigints as strings).
describe.each([
  ['Prisma', () => t.db],
  ['node-postgres', () => sql],
] as [string, () => ScanReader][])('getScanState through %s', (name, via) => {
  it('reads rows, active predictions and the live claim of one scan, in one statement', async () => {
    const fx = await realtimeProject(t.db, { blindMode: false, task: 'BINARY', scans: 2 });
    const [scan, other] = fx.scans.map((s) => s.id);
    const reader = fx.readers[0];
    // Kinds created out of order; an inactive version and another scan's prediction must not show.
    const resnet50 = await makePrediction(t.db, fx.project.id, scan, [0.1, 0.9], 'RESNET50');
    const cnn = await makePrediction(t.db, fx.project.id, scan, [1 / 3, 2 / 3], 'CNN');
    await makePrediction(t.db, fx.project.id, other, [0.5, 0.5], 'CNN');
    const retired = await t.db.modelVersion.create({
      data: {
        projectId: fx.project.id,
        kind: 'RESNET',
        version: 7,
        backend: 'cpu',
        hyperParams: {},
        labelCount: 0,
        state: 'READY',
        active: false,
      },
    });
    await t.db.prediction.create({ data: { modelVersionId: retired.id, scanId: scan, probabilities: [0.7, 0.3] } });
    const expiresAt = new Date(Date.now() + 60_000);
    // An expired claim and another scan's live claim must not show.
    await t.db.claim.create({
      data: {
        projectId: fx.project.id,
        scanId: scan,
        userId: fx.readers[1].id,
        state: 'ACTIVE',
        expiresAt: new Date(Date.now() - 1_000),
      },
    });
    await t.db.claim.updateMany({ where: { scanId: scan }, data: { state: 'EXPIRED', endedAt: new Date() } });
    // One label on the scan by another reader; then the live claim.
    const labelled = await submitAnnotation(t.db, sql, {
      projectId: fx.project.id,
      user: fx.readers[1],
      input: {
        idempotencyKey: `k-${name}`,
        scanId: scan,
        supersedesId: null,
        intent: { kind: 'label', labels: ['hemorrhage'] },
      },
    });
    const live = await t.db.claim.create({
      data: { projectId: fx.project.id, scanId: scan, userId: reader.id, state: 'ACTIVE', expiresAt },
    });
    await t.db.claim.create({
      data: { projectId: fx.project.id, scanId: other, userId: fx.readers[1].id, state: 'ACTIVE', expiresAt },
    });
    const cache = new ScanRowsCache();

    const state = await getScanState(via(), { projectId: fx.project.id, scanId: scan, user: reader, cache });

    const seq = labelled.event.seq;
    expect(state).toMatchObject({ scanId: scan, seq, readCount: 1, readsPerScan: 2, blinded: false });
    expect(state.rows).toEqual([labelled.event.annotation]);
    expect(state.rows[0]).toMatchObject({
      seq,
      authorId: fx.readers[1].id,
      authorName: fx.readers[1].name,
      value: { labels: ['hemorrhage'] },
    });
    expect(state.predictions).toEqual([
      { id: cnn.id, modelVersionId: cnn.modelVersionId, kind: 'CNN', version: 1, probabilities: [1 / 3, 2 / 3] },
      {
        id: resnet50.id,
        modelVersionId: resnet50.modelVersionId,
        kind: 'RESNET50',
        version: 1,
        probabilities: [0.1, 0.9],
      },
    ]);
    expect(state.claim).toEqual({
      claimId: live.id,
      scanId: scan,
      userId: reader.id,
      userName: reader.name,
      expiresAt: expiresAt.toISOString(),
    });
    expect(cache.get(fx.project.id, scan)?.project.seq).toBe(seq);
    // From rows in hand (after a submit), the same view.
    const from = await getScanStateFrom(via(), {
      projectId: fx.project.id,
      scanId: scan,
      user: reader,
      snapshot: { title: state.title, rows: state.rows, seq: state.seq, blindMode: false, readsPerScan: 2 },
    });
    expect(from).toEqual(state);
  });

  it('a scan with no predictions and only a lapsed claim, and a scan of another project', async () => {
    const fx = await realtimeProject(t.db, { blindMode: false, scans: 1 });
    const elsewhere = await realtimeProject(t.db, { scans: 1 });
    const user = fx.readers[0];
    // Still ACTIVE until the sweeper runs, but past its time: nobody holds the scan.
    await t.db.claim.create({
      data: {
        projectId: fx.project.id,
        scanId: fx.scans[0].id,
        userId: user.id,
        state: 'ACTIVE',
        expiresAt: new Date(Date.now() - 1_000),
      },
    });
    const state = await getScanState(via(), { projectId: fx.project.id, scanId: fx.scans[0].id, user });
    expect(state).toMatchObject({ predictions: [], claim: null });
    await expect(
      getScanState(via(), { projectId: fx.project.id, scanId: elsewhere.scans[0].id, user }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('the view a blind first read’s write answers with', () => {
  it('is what a fresh read shows the author, read by the write itself (no read of its own); later labels ask for none', async () => {
    const fx = await realtimeProject(t.db, { blindMode: true, task: 'BINARY', scans: 2 });
    const [held, own] = fx.scans.map((s) => s.id);
    const [author, other] = fx.readers;
    const cnn = await makePrediction(t.db, fx.project.id, held, [0.25, 0.75], 'CNN');
    const retired = await t.db.modelVersion.create({
      data: {
        projectId: fx.project.id,
        kind: 'RESNET',
        version: 3,
        backend: 'cpu',
        hyperParams: {},
        labelCount: 0,
        state: 'READY',
        active: false,
      },
    });
    await t.db.prediction.create({ data: { modelVersionId: retired.id, scanId: held, probabilities: [0.9, 0.1] } });
    const expiresAt = new Date(Date.now() + 60_000);
    // Another reader holds one scan (still shown after the label); the author holds the other (completed by the label).
    const claim = await t.db.claim.create({
      data: { projectId: fx.project.id, scanId: held, userId: other.id, state: 'ACTIVE', expiresAt },
    });
    await t.db.claim.create({
      data: { projectId: fx.project.id, scanId: own, userId: author.id, state: 'ACTIVE', expiresAt },
    });
    const cache = new ScanRowsCache();
    const submit = (scanId: string, k: string, supersedesId: string | null = null, labels = ['hemorrhage']) =>
      submitAnnotation(t.db, sql, {
        projectId: fx.project.id,
        user: author,
        input: { idempotencyKey: k, scanId, supersedesId, intent: { kind: 'label', labels } },
        cache,
      });
    const spy = vi.spyOn(sql, 'query');
    const statements = () => spy.mock.calls.map(([q]) => (q as unknown as { name?: string }).name);
    try {
      const first = await submit(held, 'reveal-1');
      // The scan's rows (a cache miss) and the write: nothing read after it.
      expect(statements()).toHaveLength(2);
      expect(statements()[1]).toBe('append_annotation_batch');
      expect(first.revealed).toBe(true);
      const shown = scanStateWithView({ scanId: held, user: author, snapshot: first.snapshot }, first.view!);
      expect(shown).toEqual(await getScanState(sql, { projectId: fx.project.id, scanId: held, user: author }));
      expect(shown.predictions).toEqual([
        { id: cnn.id, modelVersionId: cnn.modelVersionId, kind: 'CNN', version: 1, probabilities: [0.25, 0.75] },
      ]);
      expect(shown.claim).toEqual({
        claimId: claim.id,
        scanId: held,
        userId: other.id,
        userName: other.name,
        expiresAt: expiresAt.toISOString(),
      });

      const mine = await submit(own, 'reveal-2');
      const ownShown = scanStateWithView({ scanId: own, user: author, snapshot: mine.snapshot }, mine.view!);
      expect(ownShown).toMatchObject({ blinded: false, predictions: [], claim: null });
      expect(ownShown).toEqual(await getScanState(sql, { projectId: fx.project.id, scanId: own, user: author }));

      // A correction: the author already sees the scan; the write asks for no view.
      spy.mockClear();
      const fix = await submit(held, 'reveal-3', first.event.annotation!.id, ['normal']);
      expect(fix).toMatchObject({ revealed: false, view: null });
      const [write] = spy.mock.calls.map(([q]) => q as unknown as { values: unknown[] });
      expect(JSON.parse(String(write.values[1]))).toMatchObject([{ reveal: false }]);
    } finally {
      spy.mockRestore();
    }
  });
});
