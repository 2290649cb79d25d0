import { route } from '@/server/http/route';
import { importUpload } from '@/server/use-cases/import-upload';

/**
 * The upload page's import: multipart form with `files` (each with its relative path in
 * `paths`, same order), optional `labels` CSV and `split`, streamed to disk as it arrives.
 * Progress goes to everyone on the project over Socket.IO ('import.progress'); the
 * response is the summary.
 */
export const POST = route<{ slug: string }>(
  { project: true, role: 'LEAD', body: 'multipart' },
  async ({ req, services, user, project }) =>
    importUpload(services, {
      projectId: project.id,
      userId: user.id,
      body: req.body,
      contentType: req.headers.get('content-type'),
    }),
);
