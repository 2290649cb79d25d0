import path from 'node:path';
import type PgBoss from 'pg-boss';
import { z } from 'zod';
import { AppError } from '@/lib/errors/app-error';

/**
 * The Grad-CAM job's contract between the app (which queues it) and the trainer (which works
 * it): the queue, its payload, and the heatmap file the worker writes and the app serves.
 */
export const EXPLAIN_QUEUE = 'neuroloop-explain';

export const explainJobDataSchema = z.object({
  projectId: z.string().min(1),
  modelVersionId: z.string().min(1),
  scanId: z.string().min(1),
  /** An index into the project's labels; -1: the class the model predicts. */
  classIndex: z.number().int().min(-1).default(-1),
});
export type ExplainJobData = z.infer<typeof explainJobDataSchema>;

/** One queued job per (version, scan, class): the queue's 'stately' policy drops a second send with the same key. */
export const explainSingletonKey = (d: Pick<ExplainJobData, 'modelVersionId' | 'scanId' | 'classIndex'>): string =>
  `${d.modelVersionId}:${d.scanId}:${d.classIndex}`;

const queueSettings = {
  name: EXPLAIN_QUEUE,
  policy: 'stately',
  // A trainer that dies mid-job: retried on another after the expiry (a job takes seconds).
  retryLimit: 2,
  retryDelay: 2,
  expireInSeconds: 15 * 60,
} as const satisfies PgBoss.Queue;

const ensured = new WeakMap<PgBoss, Promise<void>>();

/** Creates (or updates) the queue once per client; both the app and the trainer call it before use. */
export function ensureExplainQueue(boss: PgBoss): Promise<void> {
  let done = ensured.get(boss);
  if (!done) {
    // createQueue is idempotent (ON CONFLICT DO NOTHING): safe when both processes race.
    done = boss.createQueue(EXPLAIN_QUEUE, queueSettings).then(() => boss.updateQueue(EXPLAIN_QUEUE, queueSettings));
    done.catch(() => ensured.delete(boss));
    ensured.set(boss, done);
  }
  return done;
}

/** Where a heatmap lives, relative to the storage directory (the predicted class's keeps the plain name). */
export const heatmapRelativePath = (modelVersionId: string, scanId: string, classIndex = -1): string =>
  path.posix.join(
    'explanations',
    modelVersionId,
    classIndex < 0 ? `${scanId}.f32` : `${scanId}.class-${classIndex}.f32`,
  );

/**
 * The heatmap file: a 16-byte little-endian header, then width x height float32 values in
 * [0, 1], row-major, laid over the whole scan (stretch it over the image to overlay it).
 *   bytes 0-3 'NLHM' | 4-5 format 1 | 6-7 class index explained | 8-11 width | 12-15 height
 */
export interface HeatmapFile {
  width: number;
  height: number;
  classIndex: number;
  heatmap: Float32Array;
}

const MAGIC = 'NLHM';
const HEADER_BYTES = 16;

export function encodeHeatmapFile(h: HeatmapFile): Uint8Array {
  if (h.heatmap.length !== h.width * h.height)
    throw new AppError({
      code: 'INTERNAL',
      message: `heatmap has ${h.heatmap.length} values for ${h.width}x${h.height}`,
    });
  const out = new Uint8Array(HEADER_BYTES + h.heatmap.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = MAGIC.charCodeAt(i);
  view.setUint16(4, 1, true);
  view.setUint16(6, h.classIndex, true);
  view.setUint32(8, h.width, true);
  view.setUint32(12, h.height, true);
  h.heatmap.forEach((v, i) => view.setFloat32(HEADER_BYTES + i * 4, v, true));
  return out;
}

export function decodeHeatmapFile(bytes: Uint8Array): HeatmapFile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (bytes.byteLength < HEADER_BYTES || magic !== MAGIC || view.getUint16(4, true) !== 1) {
    throw new AppError({ code: 'INTERNAL', message: 'not a NeuroLoop heatmap file (format 1)' });
  }
  const width = view.getUint32(8, true);
  const height = view.getUint32(12, true);
  if (bytes.byteLength !== HEADER_BYTES + width * height * 4)
    throw new AppError({ code: 'INTERNAL', message: 'truncated heatmap file' });
  const heatmap = new Float32Array(width * height);
  for (let i = 0; i < heatmap.length; i++) heatmap[i] = view.getFloat32(HEADER_BYTES + i * 4, true);
  return { width, height, classIndex: view.getUint16(6, true), heatmap };
}
