import NextAuth from 'next-auth';
import { buildAuthOptions } from '@/server/auth/auth-options';

type Segment = { params: Promise<{ nextauth: string[] }> };

async function handler(req: Request, ctx: Segment) {
  return NextAuth(req as never, { params: await ctx.params } as never, buildAuthOptions());
}

export { handler as GET, handler as POST };
