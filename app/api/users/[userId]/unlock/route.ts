import { route } from '@/server/http/route';
import { unlockUserSignIn } from '@/server/use-cases/unlock-user-sign-in';

/** An admin lifts a sign-in lockout of a user. */
export const POST = route<{ userId: string }>({ role: 'ADMIN' }, ({ services, user, params }) =>
  unlockUserSignIn(services.db, { userId: params.userId, actorId: user.id }),
);
