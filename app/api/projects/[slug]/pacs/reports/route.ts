import { sendPacsReportRequestSchema } from '@/lib/pacs/requests';
import { readJson, route } from '@/server/http/route';
import { gradCamDepsFor } from '@/server/pacs/grad-cam-deps';
import { pacsContextFor } from '@/server/pacs/pacs-context';
import { listPacsReports } from '@/server/use-cases/list-pacs-reports';
import { sendPacsReport } from '@/server/use-cases/send-pacs-report';

/** The reports sent (or tried) to the project's PACS sources, newest first, with state and error. */
export const GET = route<{ slug: string }>({ project: true, role: 'CLINICIAN' }, async ({ services, project }) =>
  listPacsReports(services.db, project.id),
);

/**
 * Sends a scan's consensus label to the PACS as a DICOM SR, with the model's probabilities and its
 * Grad-CAM (a secondary capture) when asked. Clinicians too: they adjudicate, and the source is a lead's.
 */
export const POST = route<{ slug: string }>(
  { project: true, role: 'CLINICIAN' },
  async ({ req, services, user, role, project }) => {
    const body = sendPacsReportRequestSchema.parse(await readJson(req));
    const ctx = pacsContextFor(services.config, services.log);
    const gradCam = gradCamDepsFor(services, project.id, { id: user.id, role });
    return sendPacsReport(services.db, ctx, { ...body, projectId: project.id, userId: user.id }, gradCam);
  },
);
