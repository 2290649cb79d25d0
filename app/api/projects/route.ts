import { createProjectSchema } from '@/lib/schemas/project';
import { readJson, route } from '@/server/http/route';
import { createProject } from '@/server/use-cases/create-project';
import { listProjects } from '@/server/use-cases/list-projects';

/** The user's projects; `?archived=1` includes archived ones. */
export const GET = route({}, ({ req, services, user }) =>
  listProjects(services.db, user, { archived: new URL(req.url).searchParams.get('archived') === '1' }),
);

export const POST = route({ role: 'LEAD' }, async ({ req, services, user }) => {
  const input = createProjectSchema.parse(await readJson(req));
  return createProject(services.db, input, user.id);
});
