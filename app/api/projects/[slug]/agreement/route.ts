import { route } from '@/server/http/route';
import { getProjectAgreement } from '@/server/use-cases/get-project-agreement';
import { httpAgreementQuery } from '@/server/use-cases/http-agreement-query';

/** Agreement statistics of the project; per-scan details only for clinicians and above. */
export const GET = route<{ slug: string }>({ project: true }, async ({ req, services, project, role, user }) => {
  const query = httpAgreementQuery(new URL(req.url).searchParams, services.config.AGREEMENT_MAX_BOOTSTRAP);
  return getProjectAgreement(services.db, project, {
    ...query,
    viewerRole: role,
    viewerId: user.id,
    budgetMs: services.config.AGREEMENT_TIME_BUDGET_MS,
  });
});
