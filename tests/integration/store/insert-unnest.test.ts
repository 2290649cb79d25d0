import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUnnest, newRowId } from '@/server/db/insert-unnest';
import { insertQueueItems } from '@/server/store/queue';
import { makeProject, makeScan } from '../../helpers/fixtures';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';

/** Bulk inserts through unnest: every value comes back exactly as it was given. */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('insertUnnest', () => {
  it('round-trips text with quotes, backslashes, braces and commas, floats, nulls, JSON and arrays', async () => {
    const project = await makeProject(t.db);
    const scans = await Promise.all([0, 1, 2].map(() => makeScan(t.db, project.id)));
    const version = await t.db.modelVersion.create({
      data: { projectId: project.id, kind: 'CNN', version: 1, backend: 'wasm', hyperParams: {}, labelCount: 0 },
    });
    const awkward = ['a "quoted", {braced} \\ back\\slash', 'NULL', 'ünïcødé ✓ , }{'];
    const probabilities = [
      [1e-300, 1 - 1e-16],
      [0.1 + 0.2, 5e-324],
      [0, 1],
    ];
    const rows = scans.map((s, i) => ({ scanId: s.id, i }));
    const added = await insertUnnest(
      t.db,
      'Prediction',
      [
        { name: 'modelVersionId', type: 'text', value: () => version.id },
        { name: 'scanId', type: 'text', value: (r) => r.scanId },
        { name: 'probabilities', type: 'float8[]', value: (r) => probabilities[r.i] },
        { name: 'mcSamples', type: 'jsonb', value: (r) => (r.i === 2 ? null : { note: awkward[r.i], v: [r.i] }) },
        { name: 'embeddingRef', type: 'text', value: (r) => (r.i === 1 ? null : awkward[r.i]) },
      ],
      rows,
      { id: true, onConflictDoNothing: true },
    );
    expect(added).toBe(3);
    const stored = await t.db.prediction.findMany({ where: { modelVersionId: version.id } });
    for (const { scanId, i } of rows) {
      const p = stored.find((s) => s.scanId === scanId)!;
      expect(p.id).toMatch(/^c[0-9a-z]{24}$/);
      expect(p.probabilities).toEqual(probabilities[i]);
      expect(p.mcSamples).toEqual(i === 2 ? null : { note: awkward[i], v: [i] });
      expect(p.embeddingRef).toBe(i === 1 ? null : awkward[i]);
    }
    // A second insert of the same (version, scan) rows adds none.
    expect(
      await insertUnnest(
        t.db,
        'Prediction',
        [
          { name: 'modelVersionId', type: 'text', value: () => version.id },
          { name: 'scanId', type: 'text', value: (r: { scanId: string }) => r.scanId },
        ],
        rows,
        { id: true, onConflictDoNothing: true },
      ),
    ).toBe(0);

    // Text arrays and enums.
    await t.db.score.deleteMany({});
    await insertUnnest(
      t.db,
      'Score',
      [
        { name: 'projectId', type: 'text', value: () => project.id },
        { name: 'scanId', type: 'text', value: (r: { scanId: string }) => r.scanId },
        { name: 'measure', type: 'text', value: () => 'm' },
        { name: 'value', type: 'float8', value: () => -0.5 },
        { name: 'modelVersionIds', type: 'text[]', value: () => awkward },
        { name: 'versionKey', type: 'text', value: () => 'k' },
      ],
      rows.slice(0, 1),
      { id: true },
    );
    expect(await t.db.score.findFirst({ where: { projectId: project.id } })).toMatchObject({
      value: -0.5,
      modelVersionIds: awkward,
    });
    await insertQueueItems(t.db, [
      {
        projectId: project.id,
        scanId: scans[0].id,
        queue: 'SUSPECTED_ERROR',
        rank: 1,
        strategy: 's',
        score: null,
        reason: awkward[0],
        generation: 7,
      },
    ]);
    expect(await t.db.queueItem.findFirst({ where: { projectId: project.id } })).toMatchObject({
      queue: 'SUSPECTED_ERROR',
      score: null,
      reason: awkward[0],
      generation: 7,
    });
  });

  it('makes distinct ids, many per millisecond', () => {
    const ids = Array.from({ length: 50_000 }, newRowId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^c[0-9a-z]{24}$/.test(id))).toBe(true);
  });
});
