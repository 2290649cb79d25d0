import { route } from '@/server/http/route';
import { AgreementQuerySchema } from '@/server/use-cases/get-project-agreement';
import { getAgreementOverTime } from '@/server/use-cases/get-agreement-over-time';

/** Agreement per ISO week and per model version (aggregates only: any member). */
export const GET = route<{ slug: string }>({ project: true }, async ({ req, services, project }) => {
  const query = AgreementQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return getAgreementOverTime(services.db, project, query);
});
