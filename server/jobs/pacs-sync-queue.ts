import type PgBoss from 'pg-boss';
import { z } from 'zod';
import { isAppError } from '@/lib/errors/app-error';
import type { Db } from '@/server/store/handle';
import type { Logger } from '@/server/logger';
import type { PacsContext } from '@/server/pacs/pacs-context';
import { listSourcesReportingAdjudications } from '@/server/store/pacs';
import { listDuePacsSyncs } from '@/server/use-cases/list-due-pacs-syncs';
import { listUnreportedAdjudications } from '@/server/use-cases/list-unreported-adjudications';
import { sendPacsReport } from '@/server/use-cases/send-pacs-report';
import { syncPacsSource } from '@/server/use-cases/sync-pacs-source';

/**
 * Automatic PACS syncs in the PostgreSQL queue. A scheduled tick (once a minute, sent once
 * across all servers by pg-boss's cron) queues a sync for each source that is due; the queue
 * keeps one queued and one active sync per source, and the sync itself claims the source and
 * each series, so two servers or a restart never import a series twice.
 */
export const PACS_SYNC_QUEUE = 'neuroloop-pacs-sync';
export const PACS_TICK_QUEUE = 'neuroloop-pacs-tick';

export const pacsSyncJobSchema = z.object({ projectId: z.string().min(1), sourceId: z.string().min(1) });
export type PacsSyncJob = z.infer<typeof pacsSyncJobSchema>;

const syncQueue = {
  name: PACS_SYNC_QUEUE,
  policy: 'stately',
  retryLimit: 0,
  expireInSeconds: 2 * 60 * 60,
} as const satisfies PgBoss.Queue;
const tickQueue = { name: PACS_TICK_QUEUE, policy: 'singleton', retryLimit: 0, expireInSeconds: 10 * 60 } as const;

export interface PacsWorkerDeps {
  boss: PgBoss;
  db: Db;
  ctx: PacsContext;
  storageDir: string;
  maxPixels: number;
  workers?: number;
  log: Logger;
}

async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const q of [syncQueue, tickQueue]) {
    await boss.createQueue(q.name, q);
    await boss.updateQueue(q.name, q);
  }
}

/** Queues a sync of one source now (the page's and the tick's way in). */
export async function queuePacsSync(boss: PgBoss, job: PacsSyncJob): Promise<string | null> {
  await ensureQueues(boss);
  return boss.send(PACS_SYNC_QUEUE, job, { singletonKey: job.sourceId });
}

/** Starts the tick and the sync worker on this server; returns a stop function. */
export async function startPacsSyncWorkers(deps: PacsWorkerDeps): Promise<() => Promise<void>> {
  const { boss, db, log } = deps;
  await ensureQueues(boss);
  await boss.schedule(PACS_TICK_QUEUE, '* * * * *');
  await boss.work(PACS_TICK_QUEUE, { batchSize: 1, pollingIntervalSeconds: 5 }, async () => {
    for (const s of await listDuePacsSyncs(db)) await queuePacsSync(boss, { projectId: s.projectId, sourceId: s.id });
    await sendAdjudicatedReports(deps);
  });
  await boss.work<PacsSyncJob>(PACS_SYNC_QUEUE, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
    const data = pacsSyncJobSchema.parse(job.data);
    try {
      await syncPacsSource(db, deps.ctx, {
        ...data,
        userId: null,
        storageDir: deps.storageDir,
        maxPixels: deps.maxPixels,
        workers: deps.workers,
      });
    } catch (e) {
      // Another server's sync of this source is running: nothing to do.
      if (isAppError(e) && e.code === 'CONFLICT') return;
      log.warn({ err: e, sourceId: data.sourceId }, 'PACS sync job failed');
    }
  });
  return async () => {
    await boss.offWork(PACS_TICK_QUEUE);
    await boss.offWork(PACS_SYNC_QUEUE);
  };
}

/** For sources that ask for it, a report for each scan adjudicated since its last report. */
async function sendAdjudicatedReports(deps: PacsWorkerDeps): Promise<void> {
  const sources = await listSourcesReportingAdjudications(deps.db);
  for (const source of sources)
    for (const scanId of await listUnreportedAdjudications(deps.db, source)) {
      await sendPacsReport(deps.db, deps.ctx, {
        projectId: source.projectId,
        userId: null,
        scanId,
        sourceId: source.id,
      }).catch((err: unknown) =>
        deps.log.warn({ err, scanId, sourceId: source.id }, 'report after adjudication failed'),
      );
    }
}
