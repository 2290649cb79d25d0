import type { Db } from '@/server/db/client';

export function listUsers(db: Db) {
  return db.user.findMany({
    orderBy: { email: 'asc' },
    select: { id: true, email: true, name: true, role: true, disabled: true, createdAt: true },
  });
}
