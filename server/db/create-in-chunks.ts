/** PostgreSQL's limit on one statement's bind values. */
const MAX_BIND_VALUES = 32_767;
/** Columns Prisma may add to each row beyond those given (generated ids, defaults). */
const ADDED_COLUMNS = 4;

/**
 * Options for an interactive transaction that writes a whole project's rows (predictions,
 * scores, a queue): Prisma's default limit of 5 s is shorter than storing 12,000 scans'
 * predictions takes on a 2-core machine, and the write would be rolled back.
 */
export const BULK_TRANSACTION = { maxWait: 10_000, timeout: 600_000 } as const;

/**
 * A createMany of many rows, as sequential statements each under PostgreSQL's bind-value
 * limit. Left to itself, Prisma's pg adapter splits an oversized createMany into statements
 * that it sends at once on one transaction's connection: node-postgres queues them, with a
 * deprecation warning (it will refuse them from pg 9; prisma/orm#29646). Returns the rows
 * created, summed.
 */
export async function createInChunks<T extends object>(
  rows: readonly T[],
  create: (chunk: T[]) => Promise<{ count: number }>,
): Promise<number> {
  if (rows.length === 0) return 0;
  const perRow = Object.keys(rows[0]).length + ADDED_COLUMNS;
  const size = Math.max(1, Math.floor(MAX_BIND_VALUES / perRow));
  let count = 0;
  for (let i = 0; i < rows.length; i += size) count += (await create(rows.slice(i, i + size))).count;
  return count;
}
