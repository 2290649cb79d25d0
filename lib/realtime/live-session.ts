import { isAppError, type ErrorBody } from '@/lib/errors/app-error';
import type { ProjectEvent } from '@/lib/events/project-event';
import type { AnnotationIntent } from '@/lib/labels/intent';
import { intentChain } from '@/lib/labels/intent';
import { REFERENCE_CHAIN, chainHead, readChainKey } from '@/lib/labels/chains';
import { planAnnotation } from '@/lib/labels/plan-annotation';
import { initialLiveState, liveReducer, type LiveAction, type LiveState } from './live-state';
import { isPendingId, nextToSend, type OutboxItem } from './outbox';
import {
  PROTOCOL_VERSION,
  scanStateSchema,
  type CatchUp,
  type ClaimView,
  type ScanState,
  type ScanSummary,
  type ServerMessage,
} from './protocol';
import { combinedRows } from './scan-view';
import { hasGap } from './seq-window';
import { newIdempotencyKey, type LiveProject, type LiveTransport } from './live-transport';

export type { LiveProject, LiveTransport } from './live-transport';

/** A domain event the server relays to the project ('project.event': training progress, explanations, ...). */
export type { ProjectEvent };

export interface LiveSessionOptions {
  transport: LiveTransport;
  project: LiveProject;
  /** The grid's summaries and the sequence they are current at (null: keep none). */
  summaries?: ScanSummary[] | null;
  seq?: number;
  requestTimeoutMs?: number;
  /** How long a gap in sequence numbers may last before the client asks for what is missing. */
  gapFillMs?: number;
  /**
   * How often an idle client asks for anything after its last sequence anyway: a gap is
   * only visible once a later event arrives, so a lost last event would otherwise wait.
   */
  syncEveryMs?: number;
  /** Backoff of an edit the server could not write yet: the first wait, doubling up to the longest. */
  retryFirstMs?: number;
  retryMaxMs?: number;
}

/**
 * Definitive refusals, which retrying cannot change: the edit is dropped and the user
 * told why. Anything else (INTERNAL, TOO_MANY_REQUESTS, no answer) keeps the edit.
 */
const FINAL_CODES = new Set([
  'STALE',
  'BAD_REQUEST',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHENTICATED',
  'UNSUPPORTED',
  'PAYLOAD_TOO_LARGE',
]);
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;
/** Times a STALE first read is planned again before it counts as a conflict (one is enough unless it keeps racing). */
const MAX_REPLANS = 5;
/** Scan states fetched at once (well under the server's limit of requests in flight per connection). */
const MAX_REFRESHING = 4;
/** Project events after which the open scan's predictions may have changed. */
const PREDICTION_EVENTS: ReadonlySet<ProjectEvent['type']> = new Set(['training.finished']);

/**
 * One client's live view of a project: joins on every (re)connection with the last
 * sequence it saw, keeps summaries, presence and the open scan current, and sends
 * edits through an outbox that survives disconnects (replayed exactly once).
 */
/** Scan states loaded ahead that a session keeps. */
const MAX_PRIMED = 8;

export class LiveSession {
  private state: LiveState;
  private readonly listeners = new Set<() => void>();
  private readonly eventListeners = new Set<(event: ProjectEvent) => void>();
  private readonly t: LiveTransport;
  private readonly timeoutMs: number;
  private readonly gapFillMs: number;
  private pumping = false;
  private gapTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly syncTimer: ReturnType<typeof setInterval>;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly refreshing = new Set<string>();
  /** Re-plans of STALE first reads so far, by idempotency key. */
  private readonly replans = new Map<string, number>();
  private disposed = false;
  /** Scan states loaded ahead (see prime), shown at once when their scan opens. */
  private readonly primed = new Map<string, ScanState>();
  /**
   * The latest sequence of an event seen per scan. A state loaded ahead that is older (fetched
   * before this reader's own read was written, say) would show the scan without it: it is not kept.
   */
  private readonly latestSeq = new Map<string, number>();
  /** The scans Next would serve, best first, as the page last heard (see hintNext). */
  private nextHint: string[] = [];
  /**
   * Scans Next has moved on from. A hint is asked for while a claim is on its way, so it may
   * still list the scan just left (its read or skip not yet written); such a scan is never guessed.
   */
  private readonly passed = new Set<string>();
  /** Settles once the last Next's claim is answered; null when none is on its way (see claimNext). */
  private claiming: Promise<void> | null = null;

  constructor(private readonly opts: LiveSessionOptions) {
    this.t = opts.transport;
    this.timeoutMs = opts.requestTimeoutMs ?? 10_000;
    this.gapFillMs = opts.gapFillMs ?? 1_500;
    this.state = initialLiveState({ seq: opts.seq, summaries: opts.summaries ?? null });
    this.t.onConnect(() => void this.onConnect());
    this.t.onDisconnect(() => this.dispatch({ type: 'connection', connection: 'offline' }));
    this.t.onMessage((m) => this.onServerMessage(m));
    if (this.t.connected) void this.onConnect();
    this.syncTimer = setInterval(() => this.catchUp(), opts.syncEveryMs ?? 30_000);
  }

  getState = (): LiveState => this.state;

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  /** Every project event the server relays from now on (the page filters by type); returns the unsubscribe. */
  onProjectEvent = (listener: (event: ProjectEvent) => void): (() => void) => {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  };

  dispatch(action: LiveAction): void {
    if (action.type === 'acked') this.sawEvent(action.event);
    else if (action.type === 'server' && action.message.type === 'annotation.created') this.sawEvent(action.message);
    else if (action.type === 'catch-up' && action.catchUp.kind === 'events')
      for (const e of action.catchUp.events) this.sawEvent(e);
    this.state = liveReducer(this.state, action);
    for (const fn of this.listeners) fn();
  }

  dispose(): void {
    this.disposed = true;
    if (this.gapTimer) clearTimeout(this.gapTimer);
    clearInterval(this.syncTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.listeners.clear();
    this.eventListeners.clear();
    this.t.close();
  }

  private get ready(): boolean {
    return this.t.connected && this.state.joined && !this.disposed;
  }

  private async onConnect(attempt = 0): Promise<void> {
    if (this.disposed) return;
    this.dispatch({ type: 'connection', connection: 'online', socketId: this.t.id });
    const keepsSummaries = this.state.summaries !== null;
    const res = await this.t
      .request(
        {
          type: 'join',
          v: PROTOCOL_VERSION,
          project: this.opts.project.slug,
          lastSeq: this.state.seq.contiguous,
          summaries: keepsSummaries,
        },
        this.timeoutMs,
      )
      .catch(() => null);
    if (!res || (!res.ok && !FINAL_CODES.has(res.error.code))) {
      // No answer, or the server could not serve it yet (its database restarting): join
      // again while this connection lasts; a new connection joins by itself.
      if (this.t.connected && !this.disposed) {
        const delay = Math.min(
          this.opts.retryMaxMs ?? MAX_RETRY_MS,
          (this.opts.retryFirstMs ?? FIRST_RETRY_MS) * 2 ** attempt,
        );
        setTimeout(() => {
          if (this.t.connected && !this.state.joined) void this.onConnect(attempt + 1);
        }, delay);
      }
      return;
    }
    if (!res.ok) return this.dispatch({ type: 'notice', kind: 'error', message: res.error.message });
    this.dispatch({ type: 'joined', me: res.data.user, catchUp: res.data.catchUp });
    if (hasMore(res.data.catchUp)) this.catchUp();
    const open = this.state.open;
    if (open) await this.loadScan(open.scanId, this.state.claim?.scanId === open.scanId);
    this.pump();
    this.refreshSummaries();
  }

  private onServerMessage(m: ServerMessage): void {
    this.dispatch({ type: 'server', message: m });
    if (m.type === 'annotation.created') {
      this.scheduleGapFill();
      this.refreshSummaries();
    } else if (m.type === 'project.event') {
      if (PREDICTION_EVENTS.has(m.event.type) && this.state.open) void this.loadScan(this.state.open.scanId, false);
      for (const fn of this.eventListeners) fn(m.event);
    }
  }

  /** Opens a scan in the viewer (presence follows); resumes this client's claim on it after a reconnect. */
  /** Opens a scan; `replacing`: the scan shown ahead of a claim's answer that this one replaces. */
  async open(scanId: string, replacing?: string): Promise<void> {
    this.dispatch({ type: 'open', scanId, ...(replacing ? { replacing } : {}) });
    const primed = this.primed.get(scanId);
    if (primed) {
      this.primed.delete(scanId);
      // Shown at once; the server's answer below replaces it (rows newer than it are kept).
      this.dispatch({ type: 'scan-state', state: primed });
    }
    if (this.ready) await this.loadScan(scanId, false);
  }

  /**
   * A scan's state loaded ahead of opening it (the page reads ahead the scans Next would
   * serve), so title, labels and reads show with the image. Only the latest few are kept.
   */
  prime(state: ScanState): void {
    this.primed.delete(state.scanId);
    if (state.seq < (this.latestSeq.get(state.scanId) ?? 0)) return;
    this.primed.set(state.scanId, state);
    if (this.primed.size > MAX_PRIMED) this.primed.delete(this.primed.keys().next().value as string);
  }

  private sawEvent({ scanId, seq }: { scanId: string; seq: number }): void {
    if (seq <= (this.latestSeq.get(scanId) ?? 0)) return;
    this.latestSeq.set(scanId, seq);
    const primed = this.primed.get(scanId);
    if (primed && primed.seq < seq) this.primed.delete(scanId);
  }

  /**
   * The scans Next would serve, best first (a hint the page reads ahead, not a claim). Next
   * shows the first one whose state is loaded ahead at once, before the server's claim answers.
   */
  hintNext(scanIds: readonly string[]): void {
    this.nextHint = [...scanIds];
  }

  close(): void {
    this.dispatch({ type: 'close' });
    if (this.ready) void this.t.request({ type: 'scan.close' }, this.timeoutMs).catch(() => null);
  }

  private async loadScan(scanId: string, resumeClaim: boolean): Promise<void> {
    const res = await this.t.request({ type: 'scan.open', scanId, resumeClaim }, this.timeoutMs).catch(() => null);
    if (!res) return;
    if (!res.ok) return this.dispatch({ type: 'notice', kind: 'error', message: res.error.message });
    this.dispatch({ type: 'scan-state', state: res.data });
    if (resumeClaim)
      this.dispatch({ type: 'claim', claim: res.data.claim?.userId === this.state.me?.id ? res.data.claim : null });
  }

  /** A Next's claim is on its way: the claim held now is the one it is leaving. */
  get claimPending(): boolean {
    return this.claiming !== null;
  }

  /** "Next": claims the best scan for this user and opens it; null when none is left, 'refused' (with a notice) on an error. */
  async claimNext(): Promise<ClaimView | null | 'offline' | 'refused'> {
    if (!this.ready) return 'offline';
    // The scan the hint says comes next, when its state and image are loaded ahead, is shown
    // while the claim is on its way; the claim's answer confirms it or replaces it.
    const leaving = this.state.open?.scanId;
    if (leaving) this.passed.add(leaving);
    const guess = this.nextHint.find((id) => !this.passed.has(id) && this.primed.has(id)) ?? null;
    this.nextHint = [];
    const shown = guess ? this.open(guess) : null;
    // One claim at a time: a Next pressed while the last one's claim is on its way (the guess
    // shows at once) asks once that one is answered, so the server releases that claim as a
    // pass instead of two claims racing for the same scans.
    const before = this.claiming;
    const answered = before
      ? before.then(() => this.askClaim(leaving, guess, shown))
      : this.askClaim(leaving, guess, shown);
    const settled = answered.then(
      () => undefined,
      () => undefined,
    );
    this.claiming = settled;
    void settled.then(() => {
      if (this.claiming === settled) this.claiming = null;
    });
    return answered;
  }

  private async askClaim(
    leaving: string | undefined,
    guess: string | null,
    shown: Promise<void> | null,
  ): Promise<ClaimView | null | 'offline' | 'refused'> {
    // The scans with an edit on its way when the claim was asked.
    let unsent = new Set<string>();
    const ask = () => {
      unsent = new Set(this.state.outbox.map((i) => i.scanId));
      return this.t.request({ type: 'claim.next' }, this.timeoutMs).catch(() => null);
    };
    let res = await ask();
    // A read travels as its own request, one edit after another, and the server may answer the
    // claim before it has written it (even when the read's acknowledgement arrives first): the
    // answer then names that scan again, the scan being left or one left before it, and a last
    // scan would never say "all caught up". Once the outbox holds no edit of it, the claim is
    // asked again. The guess is the exception: the answer confirms it, and a read of it since is
    // the reader's next step.
    for (let round = 0; round < 3; round++) {
      const named = res?.ok ? res.data?.scanId : undefined;
      if (!named || named === guess || !unsent.has(named)) break;
      await this.editsSent(named);
      res = await ask();
    }
    if (!res) return 'offline';
    if (!res.ok) {
      this.dispatch({ type: 'notice', kind: 'error', message: res.error.message });
      return 'refused';
    }
    this.dispatch({ type: 'claim', claim: res.data });
    // A reader who went elsewhere meanwhile (back with P, a link) stays there: the claim is
    // kept, and Next returns to it.
    const waiting = (this.state.open?.scanId ?? null) === (guess ?? leaving ?? null);
    if (res.data && res.data.scanId !== guess) {
      if (waiting) await this.open(res.data.scanId, guess ?? undefined);
    } else if (!res.data && guess) {
      if (waiting) this.close();
    } else await shown;
    return res.data;
  }

  private hasEditOf(scanId: string): boolean {
    return this.state.outbox.some((i) => i.scanId === scanId);
  }

  /** Resolves once no edit of the scan is in the outbox (acked or refused), offline, or after the request timeout. */
  private async editsSent(scanId: string): Promise<void> {
    const end = Date.now() + this.timeoutMs;
    while (this.hasEditOf(scanId) && this.ready && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  }

  async releaseClaim(): Promise<void> {
    this.dispatch({ type: 'claim', claim: null });
    if (this.ready) await this.t.request({ type: 'claim.release' }, this.timeoutMs).catch(() => null);
  }

  /** Volatile: dropped when offline or slow. */
  viewport(scanId: string, window: { width: number; center: number }): void {
    if (this.ready)
      void this.t.request({ type: 'presence.viewport', scanId, window }, this.timeoutMs).catch(() => null);
  }

  /**
   * Queues an edit of the open scan and shows it at once; returns the idempotency key,
   * or null (with a notice) when the edit cannot be made.
   */
  submit(intent: AnnotationIntent): string | null {
    const s = this.state;
    if (!s.open?.state || !s.me) {
      this.dispatch({ type: 'notice', kind: 'info', message: 'The scan is still loading.' });
      return null;
    }
    const rows = combinedRows(s);
    const head = chainHead(rows, intentChain(intent) === 'reference' ? REFERENCE_CHAIN : readChainKey(s.me.id));
    const predictionId = 'predictionId' in intent ? intent.predictionId : undefined;
    const prediction = s.open.state.predictions.find((p) => p.id === predictionId) ?? null;
    try {
      const planned = planAnnotation({
        intent,
        supersedesId: head?.id ?? null,
        rows,
        user: s.me,
        project: this.opts.project,
        prediction,
      });
      const key = newIdempotencyKey();
      const supersedes = head ? (isPendingId(head.id) ? { key: head.idempotencyKey } : { id: head.id }) : null;
      const { supersedesId: _s, ...rest } = planned;
      const item: OutboxItem = {
        key,
        scanId: s.open.scanId,
        intent,
        supersedes,
        planned: rest,
        status: 'queued',
        attempts: 0,
      };
      this.dispatch({ type: 'enqueue', item });
      this.pump();
      return key;
    } catch (e) {
      this.dispatch({
        type: 'notice',
        kind: 'error',
        message: isAppError(e) ? e.message : 'That edit could not be made.',
      });
      return null;
    }
  }

  dismiss(id: number): void {
    this.dispatch({ type: 'dismiss', id });
  }

  /** Sends the outbox in order, one edit at a time, while online. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    void this.drain().finally(() => {
      this.pumping = false;
    });
  }

  private async drain(): Promise<void> {
    // The next item is read in the body, not in a `for` update clause: Next's production build
    // (Turbopack) leaves an imported name bare in such a clause, which throws a ReferenceError
    // after each ack and strands an edit queued behind another until the next edit.
    for (;;) {
      const item = nextToSend(this.state.outbox);
      if (!item || !this.ready) return;
      this.dispatch({ type: 'sending', key: item.key });
      const supersedesId = item.supersedes && 'id' in item.supersedes ? item.supersedes.id : null;
      const res = await this.t
        .request(
          {
            type: 'annotation.submit',
            idempotencyKey: item.key,
            scanId: item.scanId,
            supersedesId,
            intent: item.intent,
          },
          this.timeoutMs,
        )
        .catch(() => null);
      if (res?.ok) {
        this.replans.delete(item.key);
        this.dispatch({ type: 'acked', key: item.key, event: res.data.annotation, revealed: res.data.revealed });
        continue;
      }
      if (res && res.error.code === 'STALE' && this.replan(item, staleState(res))) continue;
      if (res && FINAL_CODES.has(res.error.code)) {
        this.replans.delete(item.key);
        this.dispatch({
          type: 'refused',
          key: item.key,
          kind: res.error.code === 'STALE' ? 'stale' : 'error',
          message: res.error.message,
          state: staleState(res),
        });
        continue;
      }
      // No answer (offline, timeout) or an error retrying can fix (INTERNAL: the database
      // may be down): kept with the same key, sent again after a backoff; the server writes
      // it once whatever happened to the earlier attempts.
      this.waitAndRetry(item, res ? res.error.message : null);
      return;
    }
  }

  /**
   * A first read refused as STALE (the user's own read of the scan was written meanwhile,
   * e.g. from another tab) is planned again on the scan's current rows and sent again
   * with the same key, as a correction of that read; never dropped for being first.
   */
  private replan(item: OutboxItem, state: ScanState | null): boolean {
    const me = this.state.me;
    if (item.supersedes !== null || !state || !me) return false;
    const tries = (this.replans.get(item.key) ?? 0) + 1;
    if (tries > MAX_REPLANS) return false;
    this.replans.set(item.key, tries);
    const head = chainHead(
      state.rows,
      intentChain(item.intent) === 'reference' ? REFERENCE_CHAIN : readChainKey(me.id),
    );
    const predictionId = 'predictionId' in item.intent ? item.intent.predictionId : undefined;
    try {
      const { supersedesId: _s, ...planned } = planAnnotation({
        intent: item.intent,
        supersedesId: head?.id ?? null,
        rows: state.rows,
        user: me,
        project: this.opts.project,
        prediction: state.predictions.find((p) => p.id === predictionId) ?? null,
      });
      const next: OutboxItem = { ...item, supersedes: head ? { id: head.id } : null, planned, status: 'queued' };
      this.dispatch({ type: 'replanned', item: next, state });
      return true;
    } catch {
      return false;
    }
  }

  /** Backs off (1 s doubling to 30 s, with jitter) before sending the outbox again; offline waits for the reconnect. */
  private waitAndRetry(item: OutboxItem, serverMessage: string | null): void {
    const connected = this.t.connected;
    const attempts = item.attempts;
    const first = this.opts.retryFirstMs ?? FIRST_RETRY_MS;
    const longest = this.opts.retryMaxMs ?? MAX_RETRY_MS;
    const delay = Math.min(longest, first * 2 ** Math.max(0, attempts - 1)) * (0.75 + Math.random() / 4);
    const wait = connected
      ? { attempts, retryAt: Date.now() + delay, message: serverMessage ?? 'The server did not answer in time.' }
      : null;
    this.dispatch({ type: 'unsent', key: item.key, wait });
    if (connected && !this.retryTimer) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.pump();
      }, delay);
    }
  }

  private scheduleGapFill(): void {
    if (this.gapTimer || !hasGap(this.state.seq)) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      if (hasGap(this.state.seq)) this.catchUp();
    }, this.gapFillMs);
  }

  /** Asks for everything after the contiguous sequence (a gap, or the periodic check). */
  private catchUp(): void {
    if (!this.ready) return;
    void this.t
      .request({ type: 'events.since', lastSeq: this.state.seq.contiguous }, this.timeoutMs)
      .then((res) => {
        if (res.ok) this.dispatch({ type: 'catch-up', catchUp: res.data });
        if (res.ok && hasMore(res.data)) return this.catchUp(); // the next page
        this.refreshSummaries();
      })
      .catch(() => null);
  }

  /** Fetches the scans whose summaries a lifted blind made incomplete, until a state covers what was seen. */
  private refreshSummaries(): void {
    for (const scanId of Object.keys(this.state.refresh)) {
      if (this.refreshing.size >= MAX_REFRESHING) return; // the server limits requests in flight per connection
      if (this.refreshing.has(scanId) || !this.ready) continue;
      this.refreshing.add(scanId);
      void this.t
        .request({ type: 'scan.get', scanId }, this.timeoutMs)
        .then((res) => {
          if (res.ok) this.dispatch({ type: 'scan-state', state: res.data });
          else this.dispatch({ type: 'refreshed', scanIds: [scanId] });
        })
        .catch(() => null)
        .finally(() => {
          this.refreshing.delete(scanId);
          // A state read before the latest row it had to cover, or scans left waiting for a slot: ask again.
          this.refreshSummaries();
        });
    }
  }
}

const hasMore = (c: CatchUp): boolean => c.kind === 'events' && c.more === true;

function staleState(res: ErrorBody) {
  if (res.error.code !== 'STALE') return null;
  const parsed = scanStateSchema.safeParse(res.error.details);
  return parsed.success ? parsed.data : null;
}
