import type { Db } from '@/server/store/handle';
import { pingDatabase } from '@/server/store/sql';

export type Readiness = { ok: true; database: 'up' } | { ok: false; database: 'down'; error: string };

/** How long the database may take to answer before the server counts as not ready. */
export const READINESS_TIMEOUT_MS = 2_000;

/**
 * The readiness check behind /healthz: the server is ready when PostgreSQL answers a
 * trivial query in time. Concurrent checks share one probe, so a flood of health checks
 * against a hung database holds one connection attempt, not one per request.
 */
export function readinessProbe(db: Db, timeoutMs = READINESS_TIMEOUT_MS): () => Promise<Readiness> {
  let inFlight: Promise<Readiness> | null = null;
  return () => {
    inFlight ??= probe(db, timeoutMs).finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}

async function probe(db: Db, timeoutMs: number): Promise<Readiness> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  const query = pingDatabase(db);
  query.catch(() => undefined); // may settle after the timeout
  try {
    await Promise.race([query, timeout]);
    return { ok: true, database: 'up' };
  } catch (e) {
    return { ok: false, database: 'down', error: e instanceof Error ? e.message : String(e) };
  } finally {
    clearTimeout(timer);
  }
}
