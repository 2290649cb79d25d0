import { route } from '@/server/http/route';
import { endUserSessions } from '@/server/use-cases/end-user-sessions';

/** Ends every session of the signed-in user, this one included. */
export const POST = route({}, async ({ services, user }) => {
  await endUserSessions(services.db, { userId: user.id, actorId: user.id });
  return { signedOut: true };
});
