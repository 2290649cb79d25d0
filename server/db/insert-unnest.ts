import { randomBytes } from 'node:crypto';

/**
 * How a column's values travel: each column is sent as one array parameter and cast per row.
 * Array-typed columns (`float8[]`, `text[]`) travel as their array literals, `jsonb` as JSON
 * text, and an enum as text cast to its type (e.g. '"QueueKind"').
 */
export type ColumnType = 'text' | 'int4' | 'float8' | 'jsonb' | 'float8[]' | 'text[]' | `"${string}"`;

export interface BulkColumn<R> {
  name: string;
  type: ColumnType;
  value: (row: R) => string | number | boolean | null | readonly number[] | readonly string[] | object;
}

/** A Prisma client or transaction: anything that runs a raw statement. */
export interface RawExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

/** Rows per statement: every column is one parameter, so this bounds memory, not bind values. */
const ROWS_PER_STATEMENT = 5_000;

const quoteElement = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** One column's value as its parameter element (null stays null). */
function encode(type: ColumnType, v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (type === 'float8[]') return `{${(v as readonly number[]).map((x) => String(x)).join(',')}}`;
  if (type === 'text[]') return `{${(v as readonly string[]).map(quoteElement).join(',')}}`;
  if (type === 'jsonb') return JSON.stringify(v);
  if (type === 'int4' || type === 'float8') return v as number;
  return String(v);
}

/** The element type of the array parameter that carries a column. */
const parameterType = (type: ColumnType) => (type === 'int4' || type === 'float8' ? type : 'text');

/**
 * Inserts many rows with one statement per few thousand rows: each column travels as a single
 * array parameter and `unnest` turns the arrays back into rows. Prisma's createMany builds
 * every row's bind values one by one, which costs about half a millisecond a row on a 2-core
 * machine (a project's predictions, scores and queue are tens of thousands of rows); this
 * costs a few microseconds. An `id` column is filled with new unique ids. Returns the rows added.
 */
export async function insertUnnest<R>(
  db: RawExecutor,
  table: string,
  columns: readonly BulkColumn<R>[],
  rows: readonly R[],
  opts: { id?: boolean; onConflictDoNothing?: boolean } = {},
): Promise<number> {
  const all: BulkColumn<R>[] = [
    ...(opts.id ? [{ name: 'id', type: 'text' as const, value: () => newRowId() }] : []),
    ...columns,
  ];
  const names = all.map((c) => `"${c.name}"`).join(', ');
  const selected = all.map((c, i) => (parameterType(c.type) === c.type ? `c${i}` : `c${i}::${c.type}`)).join(', ');
  const unnested = all.map((c, i) => `$${i + 1}::${parameterType(c.type)}[]`).join(', ');
  const aliases = all.map((_, i) => `c${i}`).join(', ');
  const sql =
    `INSERT INTO "${table}" (${names}) SELECT ${selected} FROM unnest(${unnested}) AS r(${aliases})` +
    (opts.onConflictDoNothing ? ' ON CONFLICT DO NOTHING' : '');
  let count = 0;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    const params = all.map((c) => chunk.map((r) => encode(c.type, c.value(r))));
    count += await db.$executeRawUnsafe(sql, ...params);
  }
  return count;
}

let counter = randomBytes(2).readUInt16BE(0);

/**
 * A new row id in the shape of the ids PostgreSQL rows get from Prisma (25 lowercase letters
 * and digits starting with 'c'): time, a counter and randomness, so ids made in one millisecond
 * by one process still differ.
 */
export function newRowId(): string {
  counter = (counter + 1) % 1_679_616; // 36^4
  const time = Date.now().toString(36).padStart(8, '0').slice(-8);
  const count = counter.toString(36).padStart(4, '0');
  const random = BigInt(`0x${randomBytes(8).toString('hex')}`)
    .toString(36)
    .padStart(12, '0')
    .slice(-12);
  return `c${time}${count}${random}`;
}
