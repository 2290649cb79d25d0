import { AppError } from '@/lib/errors/app-error';
import type { Db } from '@/server/store/handle';
import { findUserByEmail } from '@/server/store/users';

/** The account with this email (emails are stored in lower case). */
export async function getUserByEmailOrThrow(db: Db, email: string) {
  const user = await findUserByEmail(db, email.toLowerCase());
  if (!user) throw new AppError({ code: 'NOT_FOUND', message: `No user ${email}.` });
  return user;
}
