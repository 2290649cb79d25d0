import { AppError } from '@/lib/errors/app-error';
import { importSplitSchema } from '@/lib/imaging/import-report';
import { parseLabelsCsv } from '@/lib/imaging/labels-csv';
import { route } from '@/server/http/route';
import { importScans } from '@/server/use-cases/import-scans';

/**
 * The upload page's import: multipart form with `files` (each with its relative path in
 * `paths`, same order), optional `labels` CSV and `split`. Progress goes to everyone on the
 * project over Socket.IO ('import.progress'); the response is the summary.
 */
export const POST = route<{ slug: string }>({ project: true, role: 'LEAD' }, async ({ req, services, user, project }) => {
  const length = Number(req.headers.get('content-length') ?? 0);
  if (length > services.config.IMPORT_MAX_UPLOAD_BYTES) {
    throw new AppError({ code: 'PAYLOAD_TOO_LARGE', message: `Uploads are limited to ${Math.round(services.config.IMPORT_MAX_UPLOAD_BYTES / 2 ** 20)} MiB per request; import in parts or use \`neuroloop import\`.` });
  }
  const form = await req.formData().catch(() => {
    throw new AppError({ code: 'BAD_REQUEST', message: 'Expected a multipart form with files.' });
  });
  const files = form.getAll('files').filter((f): f is File => f instanceof File);
  const paths = form.getAll('paths').map(String);
  if (files.length === 0) throw new AppError({ code: 'BAD_REQUEST', message: 'No files in the upload.' });
  const split = importSplitSchema.parse(form.get('split') ?? 'auto');
  const labelsFile = form.get('labels');
  const labels = labelsFile instanceof File ? parseLabelsCsv(await labelsFile.text()) : undefined;
  const items = await Promise.all(files.map(async (f, i) => ({ name: paths[i] || f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
  let lastPublish = 0;
  const summary = await importScans(
    services.db,
    { projectId: project.id, userId: user.id, items, split, labels, storageDir: services.config.storageDir, maxPixels: services.config.IMPORT_MAX_PIXELS, workers: services.config.IMPORT_WORKERS },
    {
      log: services.log,
      onProgress: (p) => {
        const now = Date.now();
        if (now - lastPublish < 100 && p.done < p.total) return;
        lastPublish = now;
        services.publish?.(project.id, { type: 'import.progress', batchId: p.batchId, done: p.done, total: p.total, file: p.file, userId: user.id });
      },
    },
  );
  services.publish?.(project.id, { type: 'import.finished', batchId: summary.batchId, imported: summary.imported, duplicate: summary.duplicate, rejected: summary.rejected, userId: user.id });
  services.afterLabels?.(project.id);
  return summary;
});
