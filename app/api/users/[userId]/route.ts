import { setUserActiveSchema } from '@/lib/schemas/user';
import { readJson, route } from '@/server/http/route';
import { setUserActive } from '@/server/use-cases/set-user-active';

/** An admin deactivates or reactivates an account. */
export const PATCH = route<{ userId: string }>({ role: 'ADMIN' }, async ({ req, services, user, params }) => {
  const { active } = setUserActiveSchema.parse(await readJson(req));
  return setUserActive(services.db, { userId: params.userId, active, actorId: user.id });
});
