import type { Db } from '@/server/db/client';
import type { Prisma } from '@/generated/prisma/client';

export interface AuditInput {
  actorId?: string | null;
  projectId?: string | null;
  action: string;
  subject?: string | null;
  details?: Prisma.InputJsonValue;
  ip?: string | null;
  userAgent?: string | null;
}

/** Who did what, when, from where. Never carries patient identifiers. */
export async function recordAuditEvent(
  db: Pick<Db, 'auditEvent'> | Prisma.TransactionClient,
  e: AuditInput,
): Promise<void> {
  await db.auditEvent.create({
    data: {
      actorId: e.actorId ?? null,
      projectId: e.projectId ?? null,
      action: e.action,
      subject: e.subject ?? null,
      details: e.details,
      ip: e.ip ?? null,
      userAgent: e.userAgent ?? null,
    },
  });
}
