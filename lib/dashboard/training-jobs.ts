import { z } from 'zod';
import { modelKindSchema } from '@/lib/schemas/project';

export const epochPointSchema = z.object({
  phase: z.string(),
  epoch: z.number(),
  loss: z.number().nullable(),
  valLoss: z.number().nullable(),
});
export type EpochPoint = z.infer<typeof epochPointSchema>;

/** TrainingJob.progress while running, and the payload of 'training.progress' events. */
export const trainingProgressSchema = z.object({
  kind: z.string().optional(),
  phase: z.string().optional(),
  epoch: z.number().optional(),
  epochs: z.number().optional(),
  batch: z.number().optional(),
  batches: z.number().optional(),
  loss: z.number().nullable().optional(),
  metrics: z.record(z.string(), z.number().nullable()).optional(),
  /** The job's model kinds in training order: the overall progress spans them, then scoring. */
  kinds: z.array(z.string()).optional(),
  /**
   * Kinds fitted without epochs (a frozen ResNet50's head on cached features): seconds, where a
   * kind trained by epochs takes minutes, so the overall progress gives them no share.
   */
  fitted: z.array(z.string()).optional(),
  /** Per kind, each finished epoch's mean training loss and validation loss, in order. */
  curves: z.record(z.string(), z.array(epochPointSchema)).optional(),
});
export type TrainingProgress = z.infer<typeof trainingProgressSchema>;

export const trainingJobStateSchema = z.enum(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED']);

export const trainingJobViewSchema = z.object({
  id: z.string(),
  state: trainingJobStateSchema,
  trigger: z.enum(['THRESHOLD', 'MANUAL']),
  requestedBy: z.string().nullable(),
  labelCount: z.number().int(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  error: z.string().nullable(),
  queuedAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  heartbeatAt: z.string().nullable(),
  progress: trainingProgressSchema.nullable(),
  versions: z.array(
    z.object({
      id: z.string(),
      kind: modelKindSchema,
      version: z.number().int(),
      state: z.string(),
      active: z.boolean(),
    }),
  ),
});
export type TrainingJobView = z.infer<typeof trainingJobViewSchema>;

/** GET .../dashboard/training-jobs: the open job (queued or running) and the history. */
export const trainingJobsResponseSchema = z.object({
  live: trainingJobViewSchema.nullable(),
  jobs: z.array(trainingJobViewSchema),
});
export type TrainingJobsResponse = z.infer<typeof trainingJobsResponseSchema>;

/**
 * What the dashboard's server-rendered parts (model cards, versions, comparison, exports) read of
 * the jobs: the newest finished job, and every listed version with its state and whether it is
 * active. A change means they are out of date, whether or not the page saw the job while it ran
 * (a short job can start and end between two reads of the list).
 */
export function finishedWorkKey(r: TrainingJobsResponse): string {
  const finished = r.jobs.find((j) => j.state === 'SUCCEEDED' || j.state === 'FAILED');
  const versions = new Set(
    r.jobs.flatMap((j) => j.versions.map((v) => `${v.id}:${v.state}:${v.active ? 'active' : ''}`)),
  );
  return [finished ? `${finished.id}:${finished.state}` : '', ...[...versions].sort()].join(' ');
}

export function parseProgress(json: unknown): TrainingProgress | null {
  if (json === null || json === undefined) return null;
  const parsed = trainingProgressSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** Share of the current model's epochs done, batches counted when known; null when unknown. */
export function progressFraction(p: TrainingProgress | null): number | null {
  if (!p?.epochs || p.epoch === undefined) return null;
  const withinEpoch = p.batches && p.batch !== undefined ? p.batch / p.batches : 1;
  const done = p.batches && p.batch !== undefined ? Math.max(0, p.epoch - 1) + withinEpoch : p.epoch;
  return Math.min(1, Math.max(0, done / p.epochs));
}

/** How long a finished job ran; null while it is open (or never started). */
export function durationMs(job: Pick<TrainingJobView, 'startedAt' | 'finishedAt'>): number | null {
  return job.startedAt && job.finishedAt ? Date.parse(job.finishedAt) - Date.parse(job.startedAt) : null;
}
