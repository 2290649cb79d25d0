import { AppError } from '@/lib/errors/app-error';
import type { Role } from '@/lib/auth/roles';
import { canSeeOthers } from '@/lib/labels/visibility';
import type { AnnotationEvent } from '@/lib/realtime/protocol';
import { readEventsPage, readProjectHead } from '@/server/store/annotations';
import type { ScanReader } from '@/server/store/sql';
import { toAnnotation } from './list-scan-annotations';

export type EventsSince =
  { kind: 'events'; events: AnnotationEvent[]; upTo: number; more: boolean } | { kind: 'too-far'; seq: number };

/**
 * The annotations committed after `afterSeq`, at most `pageSize` of them, as the live
 * broadcast would have sent them to this user (redacted where blind mode hides the scan
 * from them now); `more` when later ones remain (the client asks again from `upTo`), or
 * `too-far` when more than `maxEvents` were committed since (the caller sends a snapshot).
 */
export async function listEventsSince(
  db: ScanReader,
  args: {
    projectId: string;
    afterSeq: number;
    user: { id: string; role: Role };
    pageSize: number;
    maxEvents: number;
    /** Full pages shared between the clients of a project outside blind mode (see EventPageCache). */
    pages?: EventPageCache;
  },
): Promise<EventsSince> {
  const { projectId, afterSeq, pages } = args;
  if (pages) {
    const head = await projectHead(db, projectId);
    // Outside blind mode every member sees every row, and a page wholly below the head is
    // immutable (sequence numbers have no gaps): the clients of a reconnect storm share it.
    if (!head.blindMode && head.seq - afterSeq >= args.pageSize && head.seq - afterSeq <= args.maxEvents) {
      const events = await pages.page(`${projectId}:${afterSeq}:${args.pageSize}`, async () => {
        const page = await readPage(db, { ...args, user: { id: '', role: 'ANNOTATOR' } });
        if (page.kind !== 'events' || page.events.length !== args.pageSize) {
          throw new Error(`A full catch-up page of project ${projectId} after ${afterSeq} read short`);
        }
        return page.events;
      });
      const upTo = events[events.length - 1].seq;
      return { kind: 'events', events: [...events], upTo, more: upTo < head.seq };
    }
  }
  return readPage(db, args);
}

/**
 * Catch-up pages shared by the clients of a project (outside blind mode): a reconnect storm
 * of many clients the same events behind reads and converts each page once. Concurrent
 * asks for one page wait for one read; the most recent `capacity` pages are kept.
 */
export class EventPageCache {
  private readonly pages = new Map<string, Promise<readonly AnnotationEvent[]>>();

  constructor(private readonly capacity = 16) {}

  page(key: string, read: () => Promise<readonly AnnotationEvent[]>): Promise<readonly AnnotationEvent[]> {
    const known = this.pages.get(key);
    if (known) {
      this.pages.delete(key);
      this.pages.set(key, known);
      return known;
    }
    const reading = read();
    this.pages.set(key, reading);
    reading.catch(() => this.pages.get(key) === reading && this.pages.delete(key));
    while (this.pages.size > this.capacity) this.pages.delete(this.pages.keys().next().value!);
    return reading;
  }

  get size(): number {
    return this.pages.size;
  }
}

async function projectHead(db: ScanReader, projectId: string): Promise<{ seq: number; blindMode: boolean }> {
  const row = await readProjectHead(db, projectId);
  if (!row) throw new AppError({ code: 'NOT_FOUND', message: 'That project no longer exists.' });
  return { seq: Number(row.seq), blindMode: row.blindMode };
}

async function readPage(
  db: ScanReader,
  args: { projectId: string; afterSeq: number; user: { id: string; role: Role }; pageSize: number; maxEvents: number },
): Promise<EventsSince> {
  const { projectId, afterSeq, user } = args;
  const rows = await readEventsPage(db, {
    projectId,
    afterSeq,
    userId: user.id,
    pageSize: args.pageSize,
    maxEvents: args.maxEvents,
  });
  const first = rows[0];
  if (!first) throw new AppError({ code: 'NOT_FOUND', message: 'That project no longer exists.' });
  const projectSeq = Number(first.projectSeq);
  if (afterSeq >= projectSeq) return { kind: 'events', events: [], upTo: Math.max(afterSeq, projectSeq), more: false };
  // Sequence numbers have no gaps (the counter rolls back with a failed insert).
  if (projectSeq - afterSeq > args.maxEvents) return { kind: 'too-far', seq: projectSeq };

  const events: AnnotationEvent[] = [];
  for (const r of rows) {
    if (r.id === null) continue;
    const row = toAnnotation({
      id: r.id,
      seq: BigInt(r.seq!),
      scanId: r.scanId!,
      authorId: r.authorId!,
      source: r.source!,
      action: r.action!,
      value: r.value,
      supersedesId: r.supersedesId,
      predictionId: r.predictionId,
      idempotencyKey: r.idempotencyKey!,
      createdAt: r.createdAt!,
      author: { name: r.authorName ?? '' },
    });
    const visible = canSeeOthers({
      blindMode: first.blindMode,
      authored: r.authored === true,
      role: user.role,
      readCount: Number(r.readsNow ?? 0),
      readsPerScan: first.readsPerScan,
    });
    events.push({
      type: 'annotation.created',
      seq: row.seq,
      scanId: row.scanId,
      readCount: Number(r.readCount ?? 0),
      annotation: visible ? row : null,
    });
  }
  const more = events.length >= args.pageSize && events[events.length - 1].seq < projectSeq;
  return { kind: 'events', events, upTo: more ? events[events.length - 1].seq : projectSeq, more };
}
