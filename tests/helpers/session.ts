import { encode } from 'next-auth/jwt';
import type { SessionUser } from '@/lib/auth/roles';

export const TEST_SECRET = 'test-secret-0123456789abcdef0123456789';

/** A real next-auth session cookie for a user, as the browser would send it over http. */
export async function sessionCookieFor(user: SessionUser, secret = TEST_SECRET): Promise<string> {
  const token = await encode({
    token: { uid: user.id, email: user.email, name: user.name, role: user.role, sub: user.id },
    secret,
  });
  return `next-auth.session-token=${token}`;
}
