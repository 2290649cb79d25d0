import type { SessionUser } from '@/lib/auth/roles';

declare module 'next-auth' {
  interface Session {
    user: SessionUser;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    uid?: string;
    role?: SessionUser['role'];
  }
}
