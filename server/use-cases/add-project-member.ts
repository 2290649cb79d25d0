import { AppError } from '@/lib/errors/app-error';
import type { Role } from '@/lib/auth/roles';
import type { Db } from '@/server/db/client';
import { recordAuditEvent } from './record-audit-event';

export async function addProjectMember(
  db: Db,
  input: { projectId: string; email: string; role: Role },
  actorId: string | null,
) {
  const user = await db.user.findUnique({ where: { email: input.email.toLowerCase() } });
  if (!user) throw new AppError({ code: 'NOT_FOUND', message: `No user with email ${input.email}.` });
  const member = await db.projectMember.upsert({
    where: { projectId_userId: { projectId: input.projectId, userId: user.id } },
    create: { projectId: input.projectId, userId: user.id, role: input.role },
    update: { role: input.role },
  });
  await recordAuditEvent(db, {
    actorId,
    projectId: input.projectId,
    action: 'project.member_set',
    subject: user.id,
    details: { role: input.role },
  });
  return member;
}
