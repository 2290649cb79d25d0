import { AppError } from '@/lib/errors/app-error';
import { createUserSchema, type CreateUserInput } from '@/lib/schemas/user';
import type { Db } from '@/server/store/handle';
import { findUserByEmail, insertUser } from '@/server/store/users';
import { hashPassword } from '@/server/auth/password';
import { recordAuditEvent } from './record-audit-event';

export async function createUser(db: Db, input: CreateUserInput, actorId: string | null = null) {
  const data = createUserSchema.parse(input);
  const existing = await findUserByEmail(db, data.email);
  if (existing) throw new AppError({ code: 'CONFLICT', message: `A user with email ${data.email} already exists.` });
  const user = await insertUser(db, {
    email: data.email,
    name: data.name,
    role: data.role,
    passwordHash: await hashPassword(data.password),
  });
  await recordAuditEvent(db, { actorId, action: 'user.create', subject: user.id, details: { role: user.role } });
  return user;
}
