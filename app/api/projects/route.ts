import { createProjectSchema } from '@/lib/schemas/project';
import { readJson, route } from '@/server/http/route';
import { createProject } from '@/server/use-cases/create-project';
import { listProjects } from '@/server/use-cases/list-projects';

export const GET = route({}, ({ services, user }) => listProjects(services.db, user));

export const POST = route({ role: 'LEAD' }, async ({ req, services, user }) => {
  const input = createProjectSchema.parse(await readJson(req));
  return createProject(services.db, input, user.id);
});
