import { exportRequestSchema } from '@/lib/dashboard/queries';
import { exportFile } from '@/server/export/export-file';
import { route } from '@/server/http/route';

/** GET ?what=labels|metrics|model&format=csv|json|tfjs[&kind=CNN&version=3]: a download. */
export const GET = route<{ slug: string }>({ project: true, role: 'LEAD' }, async ({ req, services, project }) => {
  const request = exportRequestSchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const file = await exportFile(services.db, project, request, { storageDir: services.config.storageDir });
  return new Response(typeof file.body === 'string' ? file.body : new Uint8Array(file.body), {
    headers: {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`,
      'cache-control': 'no-store',
    },
  });
});
