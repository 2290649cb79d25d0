import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/generated/prisma/client';

export type Db = PrismaClient;

/** The Rust-free Prisma client over node-postgres. The data layer is the only Prisma user. */
export function createDb(url: string, opts: { max?: number } = {}): Db {
  // Idle connections are kept a minute (node-postgres: 10 s) so that a pause does not cost
  // the next queries a new connection and their prepared statements.
  const adapter = new PrismaPg(
    { connectionString: url, max: opts.max ?? 10, idleTimeoutMillis: 60_000 },
    { statementNameGenerator: preparedStatementName() },
  );
  return new PrismaClient({ adapter });
}

/** Distinct statements prepared per connection at most; later new ones run unprepared. */
const MAX_PREPARED = 200;

/**
 * Names each distinct SQL text (by its hash) so that node-postgres prepares it once per
 * connection and PostgreSQL skips parsing and planning it again: 0.5-0.7 ms of each
 * query on the label path (measured on one connection, README). The app's queries
 * come from a fixed set of shapes; the cap bounds what a connection keeps should some
 * text vary (lists of varying length).
 */
export function preparedStatementName(max = MAX_PREPARED): (query: { sql: string }) => string {
  const names = new Map<string, string>();
  return ({ sql }) => {
    const known = names.get(sql);
    // '' is node-postgres's unnamed statement: parsed for this one execution.
    if (known !== undefined || names.size >= max) return known ?? '';
    const name = `nl_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    names.set(sql, name);
    return name;
  };
}
