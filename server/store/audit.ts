import type { Db, JsonInput, Tx } from './handle';

/** One audit event to record: who did what, when, from where. */
export interface AuditEventInput {
  actorId?: string | null;
  projectId?: string | null;
  action: string;
  subject?: string | null;
  details?: JsonInput;
  ip?: string | null;
  userAgent?: string | null;
}

export async function insertAuditEvent(db: Pick<Db, 'auditEvent'> | Tx, e: AuditEventInput): Promise<void> {
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
