import { getServerSession } from 'next-auth';
import { getToken } from 'next-auth/jwt';
import { sessionUserSchema, type SessionUser } from '@/lib/auth/roles';
import { buildAuthOptions } from './auth-options';

/** The signed-in user of the current Next request (route handler or server component). */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(buildAuthOptions());
  const parsed = sessionUserSchema.safeParse(session?.user);
  return parsed.success ? parsed.data : null;
}

/** The user behind raw request headers (the Socket.IO handshake), from the session cookie. */
export async function userFromHeaders(
  headers: Record<string, string | string[] | undefined>,
  secret: string,
): Promise<SessionUser | null> {
  const { parse } = await import('cookie');
  const cookieHeader = typeof headers.cookie === 'string' ? headers.cookie : '';
  const cookies = parse(cookieHeader) as Record<string, string>;
  // getToken reads req.cookies, which a plain handshake request lacks (STACK-NOTES).
  const token = await getToken({ req: { headers, cookies } as never, secret });
  if (!token) return null;
  const parsed = sessionUserSchema.safeParse({ id: token.uid, email: token.email, name: token.name, role: token.role });
  return parsed.success ? parsed.data : null;
}
