import type { Logger } from '@/server/logger';
import type { Db, SqlPool } from '@/server/store/handle';
import { pingDatabase } from '@/server/store/sql';
import { listEventsSince } from '@/server/use-cases/list-events-since';
import { readScanRows } from '@/server/use-cases/list-scan-annotations';

/** Connections each pool opens before the first client comes. */
const WARM_CONNECTIONS = 2;
const NO_SUCH_ID = '__warm-up__';

/**
 * The first minute after a start should behave like the rest: open the pools' connections,
 * have each prepare the label path's statements (a scan's rows, a catch-up page) and run
 * that code once, all against an id that matches nothing (nothing read, nothing written).
 * Failures are logged, never fatal: a server whose database is slow still starts.
 */
export async function warmUp(sql: SqlPool, db: Db, log: Logger): Promise<void> {
  const started = performance.now();
  const user = { id: NO_SUCH_ID, role: 'ANNOTATOR' as const };
  try {
    const clients = await Promise.all(Array.from({ length: WARM_CONNECTIONS }, () => sql.connect()));
    try {
      await Promise.all(
        clients.map(async (c) => {
          await readScanRows(c, { projectId: NO_SUCH_ID, scanId: NO_SUCH_ID }).catch(() => null);
          await listEventsSince(c, {
            projectId: NO_SUCH_ID,
            afterSeq: 0,
            user,
            pageSize: 1,
            maxEvents: 1,
          }).catch(() => null);
        }),
      );
    } finally {
      for (const c of clients) c.release();
    }
    await Promise.all(Array.from({ length: WARM_CONNECTIONS }, () => pingDatabase(db)));
    log.info({ ms: Math.round(performance.now() - started) }, 'realtime paths warmed up');
  } catch (err) {
    log.warn({ err }, 'warm-up failed; the first requests will open their own connections');
  }
}
