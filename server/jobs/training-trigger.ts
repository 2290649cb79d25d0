import type PgBoss from 'pg-boss';
import type { Logger } from '@/server/logger';
import type { Db, SqlPool } from '@/server/store/handle';
import { maybeQueueTraining } from '@/server/use-cases/maybe-queue-training';

/**
 * Coalesces bursts of labels: at most one threshold check per project in flight, and one
 * more after it when labels arrived meanwhile. Exactly-once queueing is the database's job.
 */
export function createTrainingTrigger(deps: { db: Db; pool: SqlPool; boss: PgBoss; log: Logger }) {
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  const check = (projectId: string): Promise<void> => {
    const inFlight = running.get(projectId);
    if (inFlight) {
      again.add(projectId);
      return inFlight;
    }
    const p = maybeQueueTraining(deps, projectId)
      .then((r) => {
        if (r.queued) deps.log.info({ projectId, ...r }, 'retrain threshold crossed: training queued');
      })
      .catch((err: unknown) => deps.log.error({ err, projectId }, 'training trigger failed'))
      .finally(() => {
        running.delete(projectId);
        if (again.delete(projectId)) void check(projectId);
      });
    running.set(projectId, p);
    return p;
  };
  return { afterLabels: check };
}
