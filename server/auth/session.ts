import { getServerSession } from 'next-auth';
import { getToken } from 'next-auth/jwt';
import { z } from 'zod';
import type { SessionUser } from '@/lib/auth/roles';
import type { Db } from '@/server/db/client';
import { getServices } from '@/server/services';
import { resolveSessionUser } from '@/server/use-cases/resolve-session-user';
import { buildAuthOptions } from './auth-options';

const claimsSchema = z.object({ id: z.string(), sessionVersion: z.number().int().default(0) });

/**
 * The signed-in user of the current Next request (route handler or server component), as
 * the database has them now: a session ended by sign-out everywhere, or of a disabled
 * account, counts as none.
 */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(buildAuthOptions());
  const claims = claimsSchema.safeParse({ id: session?.user?.id, sessionVersion: session?.sessionVersion });
  if (!claims.success) return null;
  const user = await resolveSessionUser(getServices().db, claims.data);
  return user && { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** The user behind raw request headers (the Socket.IO handshake), from the session cookie, checked as above. */
export async function userFromHeaders(
  headers: Record<string, string | string[] | undefined>,
  secret: string,
  db: Db,
): Promise<(SessionUser & { sessionVersion: number }) | null> {
  const { parse } = await import('cookie');
  const cookieHeader = typeof headers.cookie === 'string' ? headers.cookie : '';
  const cookies = parse(cookieHeader) as Record<string, string>;
  // next-auth 4.24: getToken reads req.cookies, which a plain handshake request lacks.
  const token = await getToken({ req: { headers, cookies } as never, secret });
  const claims = claimsSchema.safeParse({ id: token?.uid, sessionVersion: token?.sv });
  return claims.success ? resolveSessionUser(db, claims.data) : null;
}
