import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { declaredIndexes, expectedColumnType, parsePrismaSchema } from '../../helpers/prisma-schema';

// schema.prisma and the hand-written migrations must never disagree: the client is generated from one,
// the database is built by the other.
const schema = parsePrismaSchema(path.resolve(import.meta.dirname, '../../../prisma/schema.prisma'));

describe('schema.prisma matches the migrated database', () => {
  let t: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    t = await createTestDatabase();
    client = new pg.Client({ connectionString: t.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await t.drop();
  });

  it('has exactly one table per model', async () => {
    const { rows } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    expect(rows.map((r) => r.table_name).sort()).toEqual(schema.models.map((m) => m.name).sort());
  });

  it('has every enum with its values in order', async () => {
    const { rows } = await client.query<{ typname: string; labels: string[] }>(
      `SELECT t.typname::text AS typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    );
    const db = Object.fromEntries(rows.map((r) => [r.typname, r.labels]));
    expect(db).toEqual(Object.fromEntries(schema.enums));
  });

  for (const model of schema.models) {
    it(`${model.name}: columns, types, nullability`, async () => {
      const { rows } = await client.query<{ column_name: string; type: string; is_nullable: string }>(
        `SELECT a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type,
                CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END AS is_nullable
         FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
        [`"${model.name}"`],
      );
      const actual = Object.fromEntries(
        rows.map((r) => [r.column_name, { type: r.type.replace(/"/g, ''), nullable: r.is_nullable === 'YES' }]),
      );
      const expected: Record<string, { type: string; nullable: boolean }> = {};
      for (const f of model.fields) {
        const type = expectedColumnType(f, schema.enums);
        // Prisma leaves list columns nullable at the database level.
        if (type) expected[f.name] = { type, nullable: f.optional || f.list };
      }
      expect(actual).toEqual(expected);
    });

    it(`${model.name}: unique constraints and indexes`, async () => {
      const { rows } = await client.query<{
        indexdef: string;
        unique: boolean;
        primary: boolean;
        partial: boolean;
        columns: string[];
      }>(
        `SELECT pg_get_indexdef(i.indexrelid) AS indexdef, i.indisunique AS unique, i.indisprimary AS primary,
                i.indpred IS NOT NULL AS partial,
                ARRAY(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(n, o)
                      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n ORDER BY k.o)::text[] AS columns
         FROM pg_index i WHERE i.indrelid = $1::regclass`,
        [`"${model.name}"`],
      );
      // Partial indexes are database-only guards (one active claim per scan, ...), see the guards migration.
      const actual = rows
        .filter((r) => !r.partial)
        .map((r) => `${r.primary ? 'id' : r.unique ? 'unique' : 'index'}(${r.columns.join(',')})`)
        .sort();
      const expected = declaredIndexes(model)
        .map((d) => `${d.kind}(${d.columns.join(',')})`)
        .sort();
      expect(actual).toEqual(expected);
    });
  }

  it('has a foreign key for every relation with fields', async () => {
    const { rows } = await client.query<{ conname: string }>(`SELECT conname FROM pg_constraint WHERE contype = 'f'`);
    const expected = schema.models.flatMap((m) =>
      m.fields
        .filter((f) => /@relation\([^)]*fields:\s*\[(\w+)\]/.test(f.attributes))
        .map((f) => `${m.name}_${f.attributes.match(/fields:\s*\[(\w+)\]/)![1]}_fkey`),
    );
    expect(rows.map((r) => r.conname).sort()).toEqual(expected.sort());
  });
});
