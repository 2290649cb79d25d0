import type { Connection, Notice, ServerWait } from '@/lib/realtime/live-state';

export interface StatusBannerProps {
  connection: Connection;
  joined: boolean;
  queued: number;
  notices: readonly Notice[];
  /** The outbox waits for the server to be able to write (e.g. its database is down). */
  waiting?: ServerWait | null;
  onDismiss(id: number): void;
}

/** Offline state with the queued count, and the server's refusals (stale edits and errors). */
export function StatusBanner({ connection, joined, queued, notices, waiting, onDismiss }: StatusBannerProps) {
  const offline = connection === 'offline' || (connection === 'online' && !joined && queued > 0);
  return (
    <div className="space-y-1">
      {!offline && waiting && queued > 0 && (
        <p
          role="status"
          data-testid="waiting-banner"
          title={waiting.message}
          className="rounded bg-amber-900/80 px-3 py-1.5 text-sm text-amber-100"
        >
          {`Waiting for the server — ${queued} change${queued === 1 ? '' : 's'} kept and sent again automatically`}
          {` (${waiting.attempts} ${waiting.attempts === 1 ? 'try' : 'tries'} so far).`}
        </p>
      )}
      {offline && (
        <p
          role="status"
          data-testid="offline-banner"
          className="rounded bg-amber-900/80 px-3 py-1.5 text-sm text-amber-100"
        >
          Offline
          {queued > 0
            ? ` — ${queued} change${queued === 1 ? '' : 's'} queued; they are sent when the connection returns.`
            : ' — reconnecting…'}
        </p>
      )}
      {notices.map((n) => (
        <p
          key={n.id}
          role={n.kind === 'info' ? 'status' : 'alert'}
          data-testid={`notice-${n.kind}`}
          className={`flex items-start justify-between gap-3 rounded px-3 py-1.5 text-sm ${n.kind === 'stale' ? 'bg-sky-950 text-sky-100' : n.kind === 'error' ? 'bg-rose-950 text-rose-100' : 'bg-slate-800'}`}
        >
          <span>{n.message}</span>
          <button
            type="button"
            onClick={() => onDismiss(n.id)}
            aria-label="Dismiss"
            className="text-slate-400 hover:text-white"
          >
            ×
          </button>
        </p>
      ))}
    </div>
  );
}
