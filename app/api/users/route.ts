import { createUserSchema } from '@/lib/schemas/user';
import { readJson, route } from '@/server/http/route';
import { createUser } from '@/server/use-cases/create-user';
import { listUsers } from '@/server/use-cases/list-users';

export const GET = route({ role: 'ADMIN' }, ({ services }) => listUsers(services.db));

export const POST = route({ role: 'ADMIN' }, async ({ req, services, user }) => {
  const input = createUserSchema.parse(await readJson(req));
  return createUser(services.db, input, user.id);
});
