import { forbidden, notFound, redirect } from 'next/navigation';
import { isAppError } from '@/lib/errors/app-error';
import { hasRole, type Role, type SessionUser } from '@/lib/auth/roles';
import { getServices } from '@/server/services';
import { currentUser } from '@/server/auth/session';
import { getMembershipOrThrow } from '@/server/use-cases/get-membership-or-throw';
import { requestPath } from './request-path';

/**
 * For server components: the signed-in user. A visitor goes to sign in and comes back to
 * the page they asked for; a user below `role` gets the 403 page (app/forbidden.tsx).
 */
export async function requireUser(role?: Role): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(await requestPath())}`);
  if (role && !hasRole(user.role, role)) forbidden();
  return user;
}

/** For project pages: the user's membership; 404 for no such project, 403 for a non-member or a role too low. */
export async function requireProjectMember(slug: string, role: Role = 'ANNOTATOR') {
  const user = await requireUser();
  try {
    const m = await getMembershipOrThrow(getServices().db, user, slug, role);
    return { user, ...m };
  } catch (e) {
    if (isAppError(e) && e.code === 'NOT_FOUND') notFound();
    if (isAppError(e) && e.code === 'FORBIDDEN') forbidden();
    throw e;
  }
}
