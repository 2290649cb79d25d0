import { z } from 'zod';
import { roleSchema } from '@/lib/auth/roles';

export const createUserSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  name: z.string().trim().min(1).max(120),
  role: roleSchema.default('ANNOTATOR'),
  password: z.string().min(10, 'Passwords need at least 10 characters').max(200),
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(200),
});

/** An admin deactivates or reactivates an account. */
export const setUserActiveSchema = z.object({ active: z.boolean() }).strict();
