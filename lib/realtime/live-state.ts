import type { Role } from '@/lib/auth/roles';
import type { Annotation } from '@/lib/labels/annotation';
import type {
  AnnotationEvent,
  CatchUp,
  ClaimView,
  PresenceEntry,
  ScanState,
  ScanSummary,
  ServerMessage,
} from './protocol';
import { advanceSeq, seeSeq, seqWindowAt, type SeqWindow } from './seq-window';
import { applyEventToSummary, mergeSummary, summarizeScanState } from './summaries';
import { emptyPresence, removePresence, upsertPresence, type PresenceState } from './presence';
import { ackItem, dropItem, setStatus, type OutboxItem } from './outbox';

export type Connection = 'connecting' | 'online' | 'offline';

/**
 * The outbox's first edit got no definitive answer while connected (a timeout, or an
 * error retrying can fix, such as the database being down): it is kept and sent again
 * at `retryAt` (epoch ms); `attempts` so far.
 */
export interface ServerWait {
  attempts: number;
  retryAt: number;
  message: string;
}

export interface Notice {
  id: number;
  kind: 'stale' | 'error' | 'info';
  message: string;
}

export interface LiveState {
  connection: Connection;
  /** Joined the project on the current connection. */
  joined: boolean;
  me: { id: string; name: string; role: Role } | null;
  socketId: string | null;
  seq: SeqWindow;
  /** Per-scan summaries (the grid), or null where the client keeps none. */
  summaries: Record<string, ScanSummary> | null;
  /** Scans to fetch (blind mode lifted), with the sequence the fetched state must reach. */
  refresh: Record<string, number>;
  presence: PresenceState;
  viewports: Record<string, { scanId: string; window: { width: number; center: number } }>;
  /**
   * The open scan. `replacing` names the scan shown ahead of a claim's answer that this one
   * replaced (the answer named another scan): the reader never chose to leave it. `early`:
   * this scan's events that came before its state (this reader's own read acknowledged while
   * the scan loaded, say); the state, read before they were written, takes them when it comes.
   */
  open: { scanId: string; state: ScanState | null; replacing?: string; early?: AnnotationEvent[] } | null;
  outbox: OutboxItem[];
  /** Null unless the outbox waits for the server to be able to write (see ServerWait). */
  waiting: ServerWait | null;
  claim: ClaimView | null;
  notices: Notice[];
}

export function initialLiveState(opts: { seq?: number; summaries?: ScanSummary[] | null } = {}): LiveState {
  return {
    connection: 'connecting',
    joined: false,
    me: null,
    socketId: null,
    seq: seqWindowAt(opts.seq ?? 0),
    summaries: opts.summaries ? Object.fromEntries(opts.summaries.map((s) => [s.scanId, s])) : null,
    refresh: {},
    presence: emptyPresence,
    viewports: {},
    open: null,
    outbox: [],
    waiting: null,
    claim: null,
    notices: [],
  };
}

export type LiveAction =
  | { type: 'connection'; connection: Connection; socketId?: string | null }
  | { type: 'joined'; me: NonNullable<LiveState['me']>; catchUp: CatchUp }
  | { type: 'catch-up'; catchUp: CatchUp }
  | { type: 'server'; message: ServerMessage }
  | { type: 'open'; scanId: string; replacing?: string }
  | { type: 'close' }
  | { type: 'scan-state'; state: ScanState }
  | { type: 'refreshed'; scanIds: string[] }
  | { type: 'enqueue'; item: OutboxItem }
  | { type: 'sending'; key: string }
  /** Not written yet: `wait` when the server could not answer definitively (null: offline, sent again on reconnect). */
  | { type: 'unsent'; key: string; wait: ServerWait | null }
  /** A first read refused as STALE, planned again against the scan's current rows (same key). */
  | { type: 'replanned'; item: OutboxItem; state: ScanState }
  | { type: 'acked'; key: string; event: AnnotationEvent; revealed: ScanState | null }
  | { type: 'refused'; key: string; kind: Notice['kind']; message: string; state: ScanState | null }
  | { type: 'claim'; claim: ClaimView | null }
  | { type: 'notice'; kind: Notice['kind']; message: string }
  | { type: 'dismiss'; id: number };

let noticeCounter = 0;

export function liveReducer(s: LiveState, a: LiveAction): LiveState {
  switch (a.type) {
    case 'connection':
      return {
        ...s,
        connection: a.connection,
        joined: a.connection === 'online' ? s.joined : false,
        socketId: a.socketId === undefined ? s.socketId : a.socketId,
        // Presence is per connection: a new one starts empty and fills from the join's snapshots.
        presence: emptyPresence,
        viewports: {},
        outbox: a.connection === 'online' ? s.outbox : s.outbox.map((i) => ({ ...i, status: 'queued' as const })),
      };
    case 'joined':
      // Presence snapshots of the join arrive before its ack: keep them.
      return applyCatchUp({ ...s, joined: true, me: a.me }, a.catchUp);
    case 'catch-up':
      return applyCatchUp(s, a.catchUp);
    case 'server':
      return applyServerMessage(s, a.message);
    case 'open':
      return {
        ...s,
        open: {
          scanId: a.scanId,
          state: s.open?.scanId === a.scanId ? s.open.state : null,
          ...(a.replacing ? { replacing: a.replacing } : {}),
          ...(s.open?.scanId === a.scanId && s.open.early ? { early: s.open.early } : {}),
        },
      };
    case 'close':
      return { ...s, open: null };
    case 'scan-state':
      return applyScanState(s, a.state);
    case 'refreshed':
      return { ...s, refresh: withoutKeys(s.refresh, a.scanIds) };
    case 'enqueue':
      return { ...s, outbox: [...s.outbox, a.item] };
    case 'sending':
      return { ...s, outbox: setStatus(s.outbox, a.key, 'sending') };
    case 'unsent':
      return { ...s, outbox: setStatus(s.outbox, a.key, 'queued'), waiting: a.wait };
    case 'replanned':
      return applyScanState(
        { ...s, outbox: s.outbox.map((i) => (i.key === a.item.key ? a.item : i)), waiting: null },
        a.state,
      );
    case 'acked': {
      const id = a.event.annotation?.id;
      // The server completed this user's claim on the scan with the label.
      const claim = s.claim?.scanId === a.event.scanId ? null : s.claim;
      const outbox = id ? ackItem(s.outbox, a.key, id) : s.outbox.filter((i) => i.key !== a.key);
      const next = { ...s, claim, outbox, waiting: null };
      const withEvent = applyEvent(next, a.event);
      return a.revealed ? applyScanState(withEvent, a.revealed) : withEvent;
    }
    case 'refused': {
      const { outbox, dropped } = dropItem(s.outbox, a.key);
      const extra = dropped.length > 1 ? ` (${dropped.length - 1} later change(s) built on it were dropped too)` : '';
      const next = addNotice({ ...s, outbox, waiting: null }, a.kind, a.message + extra);
      return a.state ? applyScanState(next, a.state) : next;
    }
    case 'claim':
      return { ...s, claim: a.claim };
    case 'notice':
      return addNotice(s, a.kind, a.message);
    case 'dismiss':
      return { ...s, notices: s.notices.filter((n) => n.id !== a.id) };
    default: {
      const never: never = a;
      return never;
    }
  }
}

function addNotice(s: LiveState, kind: Notice['kind'], message: string): LiveState {
  noticeCounter += 1;
  return { ...s, notices: [...s.notices.slice(-4), { id: noticeCounter, kind, message }] };
}

function applyCatchUp(s: LiveState, c: CatchUp): LiveState {
  switch (c.kind) {
    case 'reset':
      return { ...s, seq: seqWindowAt(Math.max(c.seq, s.seq.contiguous)) };
    case 'events': {
      let next = s;
      for (const e of c.events) next = applyEvent(next, e);
      return { ...next, seq: advanceSeq(next.seq, c.upTo) };
    }
    case 'snapshot': {
      const me = s.me?.id ?? '';
      const old = s.summaries ?? {};
      const summaries: Record<string, ScanSummary> = {};
      let refresh: Record<string, number> = {};
      for (const x of c.scans) {
        const m = mergeSummary(old[x.scanId], x, me);
        summaries[x.scanId] = m.summary;
        if (m.needSeq !== null) refresh = needing(refresh, x.scanId, m.needSeq);
      }
      return { ...s, seq: advanceSeq(s.seq, c.seq), summaries, refresh };
    }
    default: {
      const never: never = c;
      return never;
    }
  }
}

function applyServerMessage(s: LiveState, m: ServerMessage): LiveState {
  switch (m.type) {
    case 'annotation.created':
      return applyEvent(s, m);
    case 'presence.snapshot':
      return { ...s, presence: m.entries.reduce(upsertPresence, s.presence) };
    case 'presence.update':
      return { ...s, presence: upsertPresence(s.presence, m.entry) };
    case 'presence.leave': {
      const { [m.socketId]: _gone, ...viewports } = s.viewports;
      return { ...s, presence: removePresence(s.presence, m.socketId), viewports };
    }
    case 'presence.viewport':
      return { ...s, viewports: { ...s.viewports, [m.socketId]: { scanId: m.scanId, window: m.window } } };
    case 'project.event':
      return s;
    default: {
      const never: never = m;
      return never;
    }
  }
}

function applyEvent(s: LiveState, e: AnnotationEvent): LiveState {
  const next: LiveState = { ...s, seq: seeSeq(s.seq, e.seq) };
  if (next.summaries && next.me) {
    const { summary, incomplete } = applyEventToSummary(next.summaries[e.scanId], e, next.me.id);
    next.summaries = { ...next.summaries, [e.scanId]: summary };
    if (incomplete) next.refresh = needing(next.refresh, e.scanId, e.seq);
  }
  if (next.open?.scanId === e.scanId && !next.open.state)
    next.open = { ...next.open, early: [...(next.open.early ?? []), e] };
  const open = next.open?.state;
  if (open && open.scanId === e.scanId && e.seq > open.seq) {
    next.open = { ...next.open, scanId: open.scanId, state: withRow(open, e) };
    // Blind mode lifted for the open scan (a read of this user's, from another tab): fetch it.
    if (open.blinded && e.annotation) next.refresh = needing(next.refresh, e.scanId, e.seq);
  }
  return next;
}

function withRow(state: ScanState, e: AnnotationEvent): ScanState {
  const rows: Annotation[] =
    e.annotation && !state.rows.some((r) => r.id === e.annotation?.id) ? [...state.rows, e.annotation] : state.rows;
  return { ...state, rows, readCount: e.readCount };
}

function applyScanState(s: LiveState, state: ScanState): LiveState {
  const next = { ...s };
  if (s.open?.scanId === state.scanId) {
    const current = s.open.state;
    // Rows that reached us after the state was read stay in it.
    const later = current
      ? current.rows.filter((r) => r.seq > state.seq && !state.rows.some((x) => x.id === r.id))
      : [];
    let merged: ScanState = { ...state, rows: [...state.rows, ...later] };
    const early = [...(s.open.early ?? [])].sort((a, b) => a.seq - b.seq);
    for (const e of early) if (e.seq > state.seq) merged = withRow(merged, e);
    const { early: _applied, ...open } = s.open;
    next.open = { ...open, state: merged };
  }
  // Fetched far enough: done; an older state leaves the scan to be fetched again.
  if ((s.refresh[state.scanId] ?? Infinity) <= state.seq) next.refresh = withoutKeys(s.refresh, [state.scanId]);
  if (s.summaries && s.me) {
    const m = mergeSummary(s.summaries[state.scanId], summarizeScanState(state, s.me.id), s.me.id);
    next.summaries = { ...s.summaries, [state.scanId]: m.summary };
    if (m.needSeq !== null) next.refresh = needing(next.refresh, state.scanId, m.needSeq);
  }
  return next;
}

function needing(refresh: Record<string, number>, scanId: string, seq: number): Record<string, number> {
  return (refresh[scanId] ?? 0) >= seq ? refresh : { ...refresh, [scanId]: seq };
}

function withoutKeys(refresh: Record<string, number>, scanIds: readonly string[]): Record<string, number> {
  return Object.fromEntries(Object.entries(refresh).filter(([id]) => !scanIds.includes(id)));
}

export function presenceEntries(s: LiveState): PresenceEntry[] {
  return Object.values(s.presence.entries);
}
