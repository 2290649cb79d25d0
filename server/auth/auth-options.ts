import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { isAppError } from '@/lib/errors/app-error';
import { credentialsSchema } from '@/lib/schemas/user';
import { sessionUserSchema } from '@/lib/auth/roles';
import { getServices } from '@/server/services';
import { authenticateUser } from '@/server/use-cases/authenticate-user';

const signedInSchema = sessionUserSchema.extend({ sessionVersion: z.number().int() });

/** next-auth with email + password; JWT sessions so Socket.IO can read them from cookies. */
export function buildAuthOptions(): NextAuthOptions {
  const { config, db } = getServices();
  return {
    secret: config.NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
    pages: { signIn: '/login' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          const parsed = credentialsSchema.safeParse(credentials);
          if (!parsed.success) return null;
          const headers = (req?.headers ?? {}) as Record<string, string | undefined>;
          try {
            return await authenticateUser(
              db,
              {
                ...parsed.data,
                ip: headers['x-neuroloop-client-ip'] ?? null,
                userAgent: headers['user-agent'] ?? null,
              },
              {
                maxFailures: config.LOGIN_MAX_FAILURES,
                windowSeconds: config.LOGIN_WINDOW_SECONDS,
                maxFailuresPerAddress: config.LOGIN_MAX_FAILURES_PER_ADDRESS,
              },
            );
          } catch (e) {
            // next-auth turns a thrown Error into ?error=<message> for the sign-in page.
            if (isAppError(e) && e.code === 'TOO_MANY_REQUESTS') throw new Error(e.message);
            return null;
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          const u = signedInSchema.parse(user);
          token.uid = u.id;
          token.role = u.role;
          token.name = u.name;
          token.email = u.email;
          token.sv = u.sessionVersion;
        }
        return token;
      },
      session({ session, token }) {
        session.user = sessionUserSchema.parse({
          id: token.uid,
          email: token.email,
          name: token.name,
          role: token.role,
        });
        session.sessionVersion = token.sv ?? 0;
        return session;
      },
    },
  };
}
