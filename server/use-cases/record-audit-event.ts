import type { Db, Tx } from '@/server/store/handle';
import { insertAuditEvent, type AuditEventInput } from '@/server/store/audit';

export type AuditInput = AuditEventInput;

/** Who did what, when, from where. Never carries patient identifiers. */
export async function recordAuditEvent(db: Pick<Db, 'auditEvent'> | Tx, e: AuditInput): Promise<void> {
  await insertAuditEvent(db, e);
}
