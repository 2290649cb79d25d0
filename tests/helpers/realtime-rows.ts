import type { Annotation } from '@/lib/labels/annotation';
import type { AnnotationEvent } from '@/lib/realtime/protocol';

let counter = 0;

/** An annotation row for pure tests (no database): a new id and sequence unless given. */
export function annotationRow(p: Partial<Annotation> = {}): Annotation {
  counter += 1;
  const seq = p.seq ?? counter;
  return {
    id: `a${seq}`,
    seq,
    scanId: 's1',
    authorId: 'x',
    authorName: p.authorId ?? 'x',
    source: 'HUMAN',
    action: 'LABEL',
    value: { labels: ['a'] },
    supersedesId: null,
    predictionId: null,
    idempotencyKey: `k${seq}`,
    createdAt: new Date(0).toISOString(),
    ...p,
  };
}

/** The broadcast of a row (null: redacted). */
export function annotationEvent(
  seq: number,
  a: Partial<Annotation> | null,
  readCount = 1,
  scanId = 's1',
): AnnotationEvent {
  return { type: 'annotation.created', seq, scanId, readCount, annotation: a && annotationRow({ ...a, seq, scanId }) };
}
