import { route } from '@/server/http/route';
import { resetUserPassword } from '@/server/use-cases/reset-user-password';

/** An admin resets a user's password; the new one is in this response only. */
export const POST = route<{ userId: string }>({ role: 'ADMIN' }, ({ services, user, params }) =>
  resetUserPassword(services.db, { userId: params.userId, actorId: user.id }),
);
