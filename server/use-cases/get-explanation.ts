import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Role } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors/app-error';
import { hasAuthored, readCount } from '@/lib/labels/chains';
import { canSeeOthers } from '@/lib/labels/visibility';
import { decodeHeatmapFile, type HeatmapFile } from '@/server/jobs/explain-queue';
import { findExplanation } from '@/server/store/explanations';
import type { Db } from '@/server/store/handle';
import { findProjectModelVersionArtifact } from '@/server/store/models';
import { findScanInProject } from '@/server/store/scans';
import { getLabelContext } from './get-label-context';
import { listScanAnnotations } from './list-scan-annotations';

/** The class an explanation asks about when none is named: the one the model predicts. */
export const PREDICTED_CLASS = -1;

/**
 * Which explanation: a model version of the project, one of its scans, and the class whose
 * evidence it shows (an index into the project's labels; -1 or absent: the predicted class).
 */
export const explanationKeySchema = z.object({
  modelVersionId: z.string().min(1).max(100),
  scanId: z.string().min(1).max(100),
  classIndex: z.coerce.number().int().min(PREDICTED_CLASS).max(1000).default(PREDICTED_CLASS),
});
export type ExplanationKey = z.infer<typeof explanationKeySchema>;

/** An explanation's lifecycle as the wire carries it (components/explain parses the same shape). */
export type ExplanationView = ExplanationKey &
  (
    | { state: 'QUEUED' | 'RUNNING' }
    | { state: 'SUCCEEDED'; layerName: string; finishedAt: string }
    | { state: 'FAILED'; error: string }
  );

interface ExplanationRow {
  modelVersionId: string;
  scanId: string;
  classIndex: number;
  state: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  layerName: string | null;
  error: string | null;
  finishedAt: Date | null;
}

export function toExplanationView(r: ExplanationRow): ExplanationView {
  const key = { modelVersionId: r.modelVersionId, scanId: r.scanId, classIndex: r.classIndex };
  switch (r.state) {
    case 'SUCCEEDED':
      return {
        ...key,
        state: 'SUCCEEDED',
        layerName: r.layerName ?? '',
        finishedAt: (r.finishedAt ?? new Date(0)).toISOString(),
      };
    case 'FAILED':
      return { ...key, state: 'FAILED', error: r.error ?? 'The explanation failed.' };
    default:
      return { ...key, state: r.state };
  }
}

export interface ExplanationTargetArgs extends ExplanationKey {
  projectId: string;
  viewer: { id: string; role: Role };
}

/**
 * Checks that the version and the scan belong to the project, that the version has a trained
 * artifact, and that the viewer may see model output on the scan: an explanation shows what a
 * model thinks, so blind mode hides it until the viewer has read the scan, as predictions.
 */
export async function findExplanationTargetOrThrow(db: Db, args: ExplanationTargetArgs): Promise<void> {
  const version = await findProjectModelVersionArtifact(db, {
    projectId: args.projectId,
    versionId: args.modelVersionId,
  });
  if (!version) throw new AppError({ code: 'NOT_FOUND', message: 'No such model version in this project.' });
  if (version.state !== 'READY' || !version.artifactPath) {
    throw new AppError({
      code: 'CONFLICT',
      message: `${version.kind} v${version.version} has no trained model to explain.`,
    });
  }
  const scan = await findScanInProject(db, { projectId: args.projectId, scanId: args.scanId });
  if (!scan) throw new AppError({ code: 'NOT_FOUND', message: 'No such scan in this project.' });
  const ctx = await getLabelContext(db, args.projectId);
  if (args.classIndex >= ctx.labels.length)
    throw new AppError({
      code: 'BAD_REQUEST',
      message: `Class ${args.classIndex} is not one of the project's ${ctx.labels.length} labels.`,
    });
  if (ctx.blindMode) {
    const rows = await listScanAnnotations(db, [args.scanId], ctx.seq);
    const visible = canSeeOthers({
      blindMode: true,
      authored: hasAuthored(rows, args.viewer.id),
      role: args.viewer.role,
      readCount: readCount(rows),
      readsPerScan: ctx.readsPerScan,
    });
    if (!visible)
      throw new AppError({
        code: 'FORBIDDEN',
        message: 'Model explanations stay hidden until you submit your read (blind mode).',
      });
  }
}

/**
 * The heatmap of a finished explanation, read from the storage directory. CONFLICT while it
 * is queued or computing (or failed: the message says why), NOT_FOUND when never requested.
 */
export async function getExplanation(
  db: Db,
  args: ExplanationTargetArgs & { storageDir: string },
): Promise<{ explanation: ExplanationView; heatmap: HeatmapFile }> {
  await findExplanationTargetOrThrow(db, args);
  return readFinishedExplanation(db, args.storageDir, {
    modelVersionId: args.modelVersionId,
    scanId: args.scanId,
    classIndex: args.classIndex,
  });
}

/**
 * The stored heatmap of a finished explanation, without the viewer checks (for callers that
 * made their own, such as a report sent to a PACS). Errors as getExplanation's.
 */
export async function readFinishedExplanation(
  db: Db,
  storageDir: string,
  key: ExplanationKey,
): Promise<{ explanation: ExplanationView; heatmap: HeatmapFile }> {
  const row = await findExplanation(db, key);
  if (!row)
    throw new AppError({
      code: 'NOT_FOUND',
      message: 'No explanation has been requested for this scan and model version.',
    });
  const explanation = toExplanationView(row);
  if (explanation.state !== 'SUCCEEDED' || !row.heatmapPath) {
    const why =
      explanation.state === 'FAILED' ? `it failed: ${explanation.error}` : `it is ${explanation.state.toLowerCase()}`;
    throw new AppError({ code: 'CONFLICT', message: `The explanation is not ready: ${why}.`, details: explanation });
  }
  const root = path.resolve(storageDir);
  const file = path.resolve(root, row.heatmapPath);
  if (!file.startsWith(root + path.sep))
    throw new AppError({ code: 'NOT_FOUND', message: 'The explanation has no stored heatmap.' });
  const bytes = await readFile(file).catch(() => {
    throw new AppError({
      code: 'NOT_FOUND',
      message: 'The heatmap is missing from storage: request the explanation again.',
    });
  });
  return { explanation, heatmap: decodeHeatmapFile(bytes) };
}
