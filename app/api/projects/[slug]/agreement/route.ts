import { route } from '@/server/http/route';
import { AgreementQuerySchema, getProjectAgreement } from '@/server/use-cases/get-project-agreement';

/** Agreement statistics of the project; per-scan details only for clinicians and above. */
export const GET = route<{ slug: string }>({ project: true }, async ({ req, services, project, role }) => {
  const query = AgreementQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return getProjectAgreement(services.db, project, { ...query, viewerRole: role });
});
