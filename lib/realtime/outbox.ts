import type { Annotation } from '@/lib/labels/annotation';
import type { AnnotationIntent } from '@/lib/labels/intent';
import type { PlannedAnnotation } from '@/lib/labels/plan-annotation';

/** A chain head an edit supersedes: a committed row, or an earlier edit still in the outbox. */
export type SupersedesRef = { id: string } | { key: string } | null;

/**
 * An action not yet acknowledged. The outbox is sent in order, one at a time, and
 * replayed after a reconnect with the same idempotency keys: the server commits each
 * exactly once.
 */
export interface OutboxItem {
  key: string;
  scanId: string;
  intent: AnnotationIntent;
  supersedes: SupersedesRef;
  /** What the client expects the server to write (the optimistic row). */
  planned: Omit<PlannedAnnotation, 'supersedesId'>;
  status: 'queued' | 'sending';
  attempts: number;
}

export const pendingId = (key: string): string => `pending:${key}`;

export function refId(ref: SupersedesRef): string | null {
  if (ref === null) return null;
  return 'id' in ref ? ref.id : pendingId(ref.key);
}

/** The next item to send: the first, when it is queued and does not wait on an earlier edit. */
export function nextToSend(outbox: readonly OutboxItem[]): OutboxItem | null {
  const first = outbox[0];
  if (!first || first.status !== 'queued') return null;
  return first.supersedes && 'key' in first.supersedes ? null : first;
}

export function setStatus(outbox: readonly OutboxItem[], key: string, status: OutboxItem['status']): OutboxItem[] {
  return outbox.map((i) =>
    i.key === key ? { ...i, status, attempts: status === 'sending' ? i.attempts + 1 : i.attempts } : i,
  );
}

/** Committed as row `id`: the item leaves, and edits waiting on it now name the row. */
export function ackItem(outbox: readonly OutboxItem[], key: string, id: string): OutboxItem[] {
  return outbox
    .filter((i) => i.key !== key)
    .map((i) => (i.supersedes && 'key' in i.supersedes && i.supersedes.key === key ? { ...i, supersedes: { id } } : i));
}

/** Refused: the item leaves with every later edit built on it. Returns what was dropped. */
export function dropItem(outbox: readonly OutboxItem[], key: string): { outbox: OutboxItem[]; dropped: OutboxItem[] } {
  const gone = new Set([key]);
  for (const i of outbox) if (i.supersedes && 'key' in i.supersedes && gone.has(i.supersedes.key)) gone.add(i.key);
  return { outbox: outbox.filter((i) => !gone.has(i.key)), dropped: outbox.filter((i) => gone.has(i.key)) };
}

/** The outbox's edits of one scan as rows, after the committed ones (optimistic UI). */
export function pendingRows(
  outbox: readonly OutboxItem[],
  scanId: string,
  author: { id: string; name: string },
): Annotation[] {
  return outbox
    .filter((i) => i.scanId === scanId)
    .map((i, n) => ({
      id: pendingId(i.key),
      // Above any committed number, in outbox order.
      seq: Number.MAX_SAFE_INTEGER - outbox.length + n,
      scanId,
      authorId: author.id,
      authorName: author.name,
      source: i.planned.source,
      action: i.planned.action,
      value: i.planned.value,
      supersedesId: refId(i.supersedes),
      predictionId: i.planned.predictionId,
      idempotencyKey: i.key,
      createdAt: new Date(0).toISOString(),
    }));
}

export const isPendingId = (id: string): boolean => id.startsWith('pending:');
