import { route } from '@/server/http/route';
import { explanationKeySchema, getExplanation } from '@/server/use-cases/get-explanation';

type Params = { slug: string; modelVersionId: string; scanId: string };

/**
 * A finished heatmap: width x height little-endian float32 values in [0, 1], row-major, laid
 * over the whole scan; its size and the class it explains in headers. `?class=<index>` asks
 * for one class's evidence (absent: the predicted class's). 409 while not ready.
 */
export const GET = route<Params>({ project: true }, async ({ req, params, services, project, user, role }) => {
  const key = explanationKeySchema.parse({
    modelVersionId: params.modelVersionId,
    scanId: params.scanId,
    classIndex: new URL(req.url).searchParams.get('class') ?? undefined,
  });
  const { explanation, heatmap } = await getExplanation(services.db, {
    ...key,
    projectId: project.id,
    viewer: { id: user.id, role },
    storageDir: services.config.storageDir,
  });
  const body = new Uint8Array(heatmap.heatmap.buffer, heatmap.heatmap.byteOffset, heatmap.heatmap.byteLength);
  return new Response(body.slice(), {
    headers: {
      'content-type': 'application/octet-stream',
      'x-width': String(heatmap.width),
      'x-height': String(heatmap.height),
      'x-class-index': String(heatmap.classIndex),
      'x-class-label': encodeURIComponent(project.labels[heatmap.classIndex] ?? String(heatmap.classIndex)),
      'x-layer-name': explanation.state === 'SUCCEEDED' ? explanation.layerName : '',
      // Private (a session is needed); not long-lived: a version's heatmap is recomputed if its file is lost.
      'cache-control': 'private, no-cache',
    },
  });
});
