import path from 'node:path';
import { AppError, isAppError } from '@/lib/errors/app-error';
import { renderGradCamCapture, type CaptureRaster } from '@/lib/pacs/grad-cam-capture';
import type { Db } from '@/server/db/client';
import { readPreview } from '@/server/imaging/preview-file';
import { PREDICTED_CLASS, readFinishedExplanation } from '@/server/use-cases/get-explanation';

export interface GradCamDeps {
  /** Where scan previews and explanation heatmaps are stored. */
  storageDir: string;
  /** Queues the Grad-CAM when it is not computed yet (the explain queue); without it the error only says so. */
  requestGradCam?: (key: { modelVersionId: string; scanId: string; classIndex: number }) => Promise<unknown>;
}

export interface GradCamCapture {
  raster: CaptureRaster;
  /** The label the heatmap explains. */
  label: string;
}

/**
 * The Grad-CAM the explain queue computed for a scan under a model version (the same heatmap the
 * viewer overlays), rendered over the scan's slice with a burned-in legend. CONFLICT, after
 * queueing it, when it is not computed yet: a report never waits on a model run.
 */
export async function loadGradCamCapture(
  db: Db,
  deps: GradCamDeps,
  args: { modelVersionId: string; modelName: string; scan: { id: string; previewPath: string }; labels: string[] },
): Promise<GradCamCapture> {
  // The heatmap of the class the model predicts, as the viewer shows it first.
  const key = { modelVersionId: args.modelVersionId, scanId: args.scan.id, classIndex: PREDICTED_CLASS };
  let heatmap;
  try {
    ({ heatmap } = await readFinishedExplanation(db, deps.storageDir, key));
  } catch (e) {
    if (!isAppError(e) || (e.code !== 'NOT_FOUND' && e.code !== 'CONFLICT')) throw e;
    const failed = /failed/.test(e.message);
    if (deps.requestGradCam) await deps.requestGradCam(key);
    throw new AppError({
      code: 'CONFLICT',
      message: deps.requestGradCam
        ? `The Grad-CAM of this scan under ${args.modelName} is ${failed ? 'being computed again' : 'being computed'}: send again in a minute, or send without it.`
        : `The Grad-CAM of this scan under ${args.modelName} is not computed (${e.message}): open it on the scan page first, or send without it.`,
    });
  }
  const image = await readPreview(path.resolve(deps.storageDir, args.scan.previewPath));
  const label = args.labels[heatmap.classIndex] ?? `class ${heatmap.classIndex}`;
  return { raster: renderGradCamCapture(image, heatmap, { label, model: args.modelName }), label };
}
