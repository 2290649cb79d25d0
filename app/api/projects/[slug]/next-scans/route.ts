import { z } from 'zod';
import { route } from '@/server/http/route';
import { MAX_PEEK, peekNextScans } from '@/server/use-cases/peek-next-scans';

const querySchema = z.object({ count: z.coerce.number().int().min(1).max(MAX_PEEK).default(2) });

/** The scans Next would give the signed-in reader, best first, unclaimed: what the page loads ahead. */
export const GET = route<{ slug: string }>({ project: true }, ({ req, services, project, user }) => {
  const { count } = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return peekNextScans(services.db, { projectId: project.id, userId: user.id, count });
});
