import { z } from 'zod';
import { trainingProgressSchema } from '@/lib/dashboard/training-jobs';
import { modelKindSchema } from '@/lib/schemas/model-kind';

/**
 * Every event that reaches a project's clients from outside the label path: the trainer's
 * (NOTIFY from another process; docs/ARCHITECTURE.md, "Events") and the app's own (an upload's
 * progress). One union, parsed where it enters an app server; Socket.IO carries it to the
 * project's room as `project.event` and clients narrow it by `type`.
 */

const trainingJob = { trainingJobId: z.string() };

/** A job's run began (again, after a failed attempt: `attempt` counts them). */
export const trainingStartedEventSchema = z.object({
  type: z.literal('training.started'),
  ...trainingJob,
  attempt: z.number().int(),
});

/** Progress within a kind (an epoch, a batch) or of scoring; at most one a second per job. */
export const trainingProgressEventSchema = trainingProgressSchema.extend({
  type: z.literal('training.progress'),
  ...trainingJob,
});

/** One kind finished training: its new version, and whether it replaced the active one. */
export const trainingModelEventSchema = z.object({
  type: z.literal('training.model'),
  ...trainingJob,
  kind: modelKindSchema,
  versionId: z.string(),
  version: z.number().int(),
  promoted: z.boolean(),
  macroF1: z.number(),
});

/** An attempt failed; `final` when no attempt is left. */
export const trainingFailedEventSchema = z.object({
  type: z.literal('training.failed'),
  ...trainingJob,
  error: z.string(),
  final: z.boolean(),
});

/** The review queue was re-ranked by these versions (sent before the job counts as done). */
export const queueUpdatedEventSchema = z.object({
  type: z.literal('queue.updated'),
  trainingJobId: z.string().optional(),
  generation: z.number().int(),
  top: z.array(z.string()),
  versions: z.array(z.object({ kind: modelKindSchema, version: z.number().int() })).default([]),
  /** Kinds the job is still training: a later ranking will include them. */
  pending: z.array(modelKindSchema).default([]),
});

/** The job is done: its versions, and how long each stage took (ms). */
export const trainingFinishedEventSchema = z.object({
  type: z.literal('training.finished'),
  ...trainingJob,
  versions: z.array(z.string()),
  timings: z.record(z.string(), z.unknown()),
});

const upload = { batchId: z.string(), userId: z.string() };

/** An upload's progress, after each file (at most ten a second). */
export const importProgressEventSchema = z.object({
  type: z.literal('import.progress'),
  ...upload,
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  file: z.string(),
});

/** An upload finished: what came of its files. */
export const importFinishedEventSchema = z.object({
  type: z.literal('import.finished'),
  ...upload,
  imported: z.number().int().nonnegative(),
  duplicate: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
});

/** Which heatmap: a version, a scan, and a class index into the labels (-1: the class the model predicts). */
const explanationKey = {
  modelVersionId: z.string(),
  scanId: z.string(),
  classIndex: z.number().int().min(-1).default(-1),
};

export const explanationReadyEventSchema = z.object({ type: z.literal('explanation.ready'), ...explanationKey });
export const explanationFailedEventSchema = z.object({
  type: z.literal('explanation.failed'),
  ...explanationKey,
  error: z.string().optional(),
});

export const projectEventSchema = z.discriminatedUnion('type', [
  trainingStartedEventSchema,
  trainingProgressEventSchema,
  trainingModelEventSchema,
  trainingFailedEventSchema,
  queueUpdatedEventSchema,
  trainingFinishedEventSchema,
  importProgressEventSchema,
  importFinishedEventSchema,
  explanationReadyEventSchema,
  explanationFailedEventSchema,
]);

/** What a sender builds (defaults may be left out). */
export type ProjectEventInput = z.input<typeof projectEventSchema>;
/** What a receiver holds once the event was parsed. */
export type ProjectEvent = z.infer<typeof projectEventSchema>;
export type ProjectEventType = ProjectEvent['type'];
export type ProjectEventOf<T extends ProjectEventType> = Extract<ProjectEvent, { type: T }>;

export type QueueUpdatedEvent = ProjectEventOf<'queue.updated'>;
export type ImportProgressEvent = ProjectEventOf<'import.progress'>;
export type ExplanationEvent = ProjectEventOf<'explanation.ready' | 'explanation.failed'>;

/** The events of a training job that change the job list or the versions. */
export const TRAINING_LIFECYCLE: ReadonlySet<ProjectEventType> = new Set([
  'training.started',
  'training.model',
  'training.failed',
  'queue.updated',
  'training.finished',
]);

export function isExplanationEvent(e: ProjectEvent): e is ExplanationEvent {
  return e.type === 'explanation.ready' || e.type === 'explanation.failed';
}
