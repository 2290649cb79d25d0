import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/generated/prisma/client';

export type Db = PrismaClient;

/** The Rust-free Prisma client over node-postgres. The data layer is the only Prisma user. */
export function createDb(url: string, opts: { max?: number } = {}): Db {
  const adapter = new PrismaPg({ connectionString: url, max: opts.max ?? 10 });
  return new PrismaClient({ adapter });
}
