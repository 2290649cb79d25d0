import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { makeProject, makeScan, makeUser } from '../../helpers/fixtures';

describe('annotations are append-only in the database itself', () => {
  let t: TestDatabase;
  let annotationId: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    const user = await makeUser(t.db);
    const project = await makeProject(t.db);
    const scan = await makeScan(t.db, project.id);
    const a = await t.db.annotation.create({
      data: {
        projectId: project.id,
        scanId: scan.id,
        authorId: user.id,
        source: 'HUMAN',
        action: 'LABEL',
        value: { labels: ['glioma'] },
        seq: 1n,
        idempotencyKey: 'k1',
      },
    });
    annotationId = a.id;
  });
  afterAll(() => t.drop());

  it('refuses UPDATE through Prisma', async () => {
    await expect(t.db.annotation.update({ where: { id: annotationId }, data: { note: 'rewritten' } })).rejects.toThrow(
      /append-only/,
    );
  });

  it('refuses DELETE through Prisma', async () => {
    await expect(t.db.annotation.delete({ where: { id: annotationId } })).rejects.toThrow(/append-only/);
    await expect(t.db.annotation.deleteMany({})).rejects.toThrow(/append-only/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE in raw SQL', async () => {
    await expect(t.db.$executeRawUnsafe(`UPDATE "Annotation" SET "note" = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.db.$executeRawUnsafe(`DELETE FROM "Annotation"`)).rejects.toThrow(/append-only/);
    await expect(t.db.$executeRawUnsafe(`TRUNCATE "Annotation" CASCADE`)).rejects.toThrow(/append-only/);
  });

  it('still holds the row, unchanged', async () => {
    const row = await t.db.annotation.findUniqueOrThrow({ where: { id: annotationId } });
    expect(row.note).toBeNull();
    expect(row.value).toEqual({ labels: ['glioma'] });
  });

  it('lets a row be superseded only once (the unique chain link)', async () => {
    const base = await t.db.annotation.findUniqueOrThrow({ where: { id: annotationId } });
    const next = {
      projectId: base.projectId,
      scanId: base.scanId,
      authorId: base.authorId,
      source: 'HUMAN' as const,
      action: 'CORRECT' as const,
      value: { labels: ['meningioma'] },
      supersedesId: base.id,
    };
    await t.db.annotation.create({ data: { ...next, seq: 2n, idempotencyKey: 'k2' } });
    await expect(t.db.annotation.create({ data: { ...next, seq: 3n, idempotencyKey: 'k3' } })).rejects.toThrow();
  });
});
