import type { Db } from '@/server/store/handle';
import { findAllUsers } from '@/server/store/users';

export function listUsers(db: Db) {
  return findAllUsers(db);
}
