import type { SessionUser } from '@/lib/auth/roles';
import type { Db } from '@/server/store/handle';
import { findUserSessionState } from '@/server/store/users';

/** What a session token says about its user. */
export interface SessionClaims {
  id: string;
  /** The version the session was signed in under (tokens from before versions existed: 0). */
  sessionVersion: number;
}

/**
 * The user a session stands for now, read fresh (role, name, email), or null when the
 * session no longer counts: the account is gone or disabled, or its sessions were ended
 * (sign-out everywhere raises the version) since this one was signed in.
 */
export async function resolveSessionUser(
  db: Db,
  claims: SessionClaims,
): Promise<(SessionUser & { sessionVersion: number }) | null> {
  const user = await findUserSessionState(db, claims.id);
  if (!user || user.disabled || user.sessionVersion !== claims.sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
}
