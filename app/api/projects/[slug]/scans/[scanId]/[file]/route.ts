import { route } from '@/server/http/route';
import { readScanFile, scanFileSchema } from '@/server/use-cases/read-scan-file';

/** A scan's pixels (`preview`, decoded by the viewer) or its grid thumbnail (`thumbnail`, PNG). */
export const GET = route<{ slug: string; scanId: string; file: string }>(
  { project: true },
  async ({ services, project, params }) => {
    const file = scanFileSchema.parse(params.file);
    const { bytes, contentType } = await readScanFile(services.db, {
      projectId: project.id,
      scanId: params.scanId,
      file,
      storageDir: services.config.storageDir,
    });
    // Content-addressed: a scan's files never change. Private: they need a session.
    return new Response(new Uint8Array(bytes), {
      headers: { 'content-type': contentType, 'cache-control': 'private, max-age=86400, immutable' },
    });
  },
);
