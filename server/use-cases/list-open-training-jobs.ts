import type { Db } from '@/server/db/client';

/** Training jobs still QUEUED or RUNNING that went through the queue (they have a queue job id). */
export function listOpenTrainingJobs(db: Db) {
  return db.trainingJob.findMany({ where: { state: { in: ['QUEUED', 'RUNNING'] }, queueJobId: { not: null } } });
}
