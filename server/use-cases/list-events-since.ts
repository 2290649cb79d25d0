import type { Role } from '@/lib/auth/roles';
import { groupByScan, hasAuthored, readCount } from '@/lib/labels/chains';
import { canSeeOthers } from '@/lib/labels/visibility';
import { MAX_CATCH_UP_EVENTS, type AnnotationEvent } from '@/lib/realtime/protocol';
import type { Db } from '@/server/db/client';
import { getLabelContext } from './get-label-context';
import { listScanAnnotations } from './list-scan-annotations';

export type EventsSince = { kind: 'events'; events: AnnotationEvent[]; upTo: number } | { kind: 'too-far'; seq: number };

/**
 * The annotations committed after `afterSeq`, as the live broadcast would have sent them
 * to this user (redacted where blind mode hides the scan from them now), or `too-far`
 * when more than `limit` were (the caller sends a snapshot instead).
 */
export async function listEventsSince(
  db: Db,
  args: { projectId: string; afterSeq: number; user: { id: string; role: Role }; limit?: number },
): Promise<EventsSince> {
  const { projectId, afterSeq, user } = args;
  const ctx = await getLabelContext(db, projectId);
  const upTo = ctx.seq;
  if (afterSeq >= upTo) return { kind: 'events', events: [], upTo };
  // Sequence numbers have no gaps (the counter rolls back with a failed insert).
  if (upTo - afterSeq > (args.limit ?? MAX_CATCH_UP_EVENTS)) return { kind: 'too-far', seq: upTo };

  const touched = await db.annotation.findMany({
    where: { projectId, seq: { gt: BigInt(afterSeq), lte: BigInt(upTo) } },
    select: { scanId: true },
    distinct: ['scanId'],
  });
  const rows = await listScanAnnotations(db, touched.map((t) => t.scanId), upTo);
  const byScan = groupByScan(rows);

  const events: AnnotationEvent[] = [];
  for (const scanRows of byScan.values()) {
    const visible = canSeeOthers({
      blindMode: ctx.blindMode,
      authored: hasAuthored(scanRows, user.id),
      role: user.role,
      readCount: readCount(scanRows),
      labelsRequired: ctx.labelsRequired,
    });
    for (const [i, row] of scanRows.entries()) {
      if (row.seq <= afterSeq) continue;
      const count = readCount(scanRows.slice(0, i + 1));
      events.push({ type: 'annotation.created', seq: row.seq, scanId: row.scanId, readCount: count, annotation: visible ? row : null });
    }
  }
  return { kind: 'events', events: events.sort((a, b) => a.seq - b.seq), upTo };
}
