import type pg from 'pg';
import { Prisma } from '@/generated/prisma/client';
import type { Db } from '@/server/db/client';

/**
 * The data layer's handle (docs/ARCHITECTURE.md, "Data layer"). Use cases receive a `Db`,
 * open transactions with `inTransaction` and pass the handle (or the transaction's `Tx`) to
 * the store modules beside this file, which own every Prisma call and SQL statement.
 */
export type { Db };
/** A transaction's handle: every store function that takes `DbOrTx` runs inside it. */
export type Tx = Prisma.TransactionClient;
export type DbOrTx = Db | Tx;
/** The realtime path's node-postgres pool (or one of its connections). */
export type SqlPool = pg.Pool;
export type SqlClient = pg.Pool | pg.PoolClient | pg.Client;

/** A JSON value as stored in a jsonb column. */
export type Json = Prisma.JsonValue;
/** A JSON value to write to a jsonb column. */
export type JsonInput = Prisma.InputJsonValue;

export interface TransactionOptions {
  /** Longest wait for a connection (ms). */
  maxWait?: number;
  /** Longest the transaction may run (ms). */
  timeout?: number;
  isolationLevel?: 'ReadCommitted' | 'RepeatableRead' | 'Serializable';
}

/** Runs `work` in one transaction: all its store calls commit together or not at all. */
export function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
  return db.$transaction(work, options);
}

/** The error a unique constraint gives (a second row with the same key). */
export function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';
}
