import { z } from 'zod';

export const roleSchema = z.enum(['ANNOTATOR', 'CLINICIAN', 'LEAD', 'ADMIN']);
export type Role = z.infer<typeof roleSchema>;

const rank: Record<Role, number> = { ANNOTATOR: 0, CLINICIAN: 1, LEAD: 2, ADMIN: 3 };

/** Roles are ordered: a clinician may do what an annotator may, a lead what a clinician may. */
export function hasRole(actual: Role, required: Role): boolean {
  return rank[actual] >= rank[required];
}

/** One line per role, as the members page explains them. */
export const roleDescriptions: Record<Role, string> = {
  ANNOTATOR: 'labels scans',
  CLINICIAN: 'labels, corrects model predictions and adjudicates disagreements',
  LEAD: 'manages projects, members and retraining thresholds',
  ADMIN: 'manages users and every project',
};

/** What a signed-in user is, as carried in the session token. */
export const sessionUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
});
export type SessionUser = z.infer<typeof sessionUserSchema>;
