import type { SessionUser } from '@/lib/auth/roles';

declare module 'next-auth' {
  interface Session {
    user: SessionUser;
    /** The user's session version when this session was signed in (server/auth/session.ts). */
    sessionVersion?: number;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    uid?: string;
    role?: SessionUser['role'];
    /** Session version at sign-in; a higher one in the database ends this session. */
    sv?: number;
  }
}
