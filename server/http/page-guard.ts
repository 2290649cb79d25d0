import { redirect } from 'next/navigation';
import { isAppError } from '@/lib/errors/app-error';
import { hasRole, type Role, type SessionUser } from '@/lib/auth/roles';
import { getServices } from '@/server/services';
import { currentUser } from '@/server/auth/session';
import { getMembershipOrThrow } from '@/server/use-cases/get-membership-or-throw';

/** For server components: the signed-in user, or a redirect to the login page. */
export async function requireUser(role?: Role, next = '/'): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(next)}`);
  if (role && !hasRole(user.role, role)) redirect('/?denied=1');
  return user;
}

/** For project pages: the user's membership, or a redirect. */
export async function requireProjectMember(slug: string, role: Role = 'ANNOTATOR') {
  const user = await requireUser(undefined, `/projects/${slug}`);
  try {
    const m = await getMembershipOrThrow(getServices().db, user, slug, role);
    return { user, ...m };
  } catch (e) {
    if (isAppError(e) && (e.code === 'FORBIDDEN' || e.code === 'NOT_FOUND')) redirect('/?denied=1');
    throw e;
  }
}
