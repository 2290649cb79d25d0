import pg from 'pg';
import type { Prisma } from '@/generated/prisma/client';
import { preparedStatementName } from '@/server/db/client';
import type { Logger } from '@/server/logger';
import type { DbOrTx, SqlPool } from './handle';

/**
 * What runs a scan read: Prisma, or the realtime path's own node-postgres pool, which
 * skips the ORM's work on reads made with every label and every move in the viewer
 * (a prepared statement either way).
 */
export type ScanReader = DbOrTx | pg.Pool | pg.PoolClient;

const statementName = preparedStatementName();

/** Rows of `q` through either reader. Through node-postgres, bigint columns arrive as strings. */
export async function queryScan<T>(db: ScanReader, q: Prisma.Sql): Promise<T[]> {
  if (db instanceof pg.Pool || db instanceof pg.Client)
    return (await db.query({ name: statementName({ sql: q.text }), text: q.text, values: q.values })).rows as T[];
  return (db as DbOrTx).$queryRaw<T[]>(q);
}

/** A trivial query: the database answers. */
export async function pingDatabase(db: DbOrTx): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}

/** A node-postgres pool (the job queue's, the realtime path's). */
export function openSqlPool(config: { connectionString: string; max: number }): SqlPool {
  return new pg.Pool(config);
}

/** How long an idle connection of the realtime pools stays open. */
const IDLE_CONNECTION_MS = 60_000;

/**
 * Connections stay open through a minute's pause (node-postgres closes them after 10 s
 * by default), and two always: the first label after a quiet spell must not wait for a
 * new connection, nor PostgreSQL prepare its statements again.
 */
export function openRealtimePool(connectionString: string, max: number, log: Logger): SqlPool {
  const p = new pg.Pool({ connectionString, max, min: Math.min(2, max), idleTimeoutMillis: IDLE_CONNECTION_MS });
  p.on('error', (err) => log.warn({ err }, 'realtime database pool error'));
  // A client checked out for good (the adapter's LISTEN connection) has no listener of its
  // own: without one, PostgreSQL going away would end the process instead of that client.
  p.on('connect', (client) => client.on('error', (err) => log.warn({ err }, 'realtime database connection lost')));
  return p;
}

/** A unique violation of the named index, as node-postgres reports it. */
export function isUniqueViolationOf(e: unknown, constraint: string): boolean {
  return e instanceof pg.DatabaseError && e.code === '23505' && e.constraint === constraint;
}

/** A check the database raised under the named constraint (a trigger's refusal), as node-postgres reports it. */
export function isCheckViolationOf(e: unknown, constraint: string): boolean {
  return e instanceof pg.DatabaseError && e.code === '23514' && e.constraint === constraint;
}
