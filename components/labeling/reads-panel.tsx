import type { ScanView } from '@/lib/realtime/scan-view';

/** Who has read the scan and what they said (while blind mode allows), and the reference label. */
export function ReadsPanel({ view }: { view: ScanView }) {
  return (
    <section aria-labelledby="reads-title" className="space-y-1.5">
      <h2 id="reads-title" className="flex items-baseline justify-between text-sm font-medium text-slate-300">
        <span>Reads</span>
        <span data-testid="read-count" className="text-xs tabular-nums text-slate-400">
          {view.readCount}/{view.readsPerScan} independent reads
        </span>
      </h2>
      {view.blinded ? (
        <p className="text-xs text-slate-400">
          Other readers&apos; labels stay hidden until you submit yours (blind mode).
        </p>
      ) : view.others.length === 0 ? (
        <p className="text-xs text-slate-400">No other reads yet.</p>
      ) : (
        <ul className="space-y-1 text-sm" data-testid="other-reads">
          {view.others.map((r) => (
            <li key={r.authorId} className="flex justify-between gap-2">
              <span className="truncate text-slate-300">{r.authorName}</span>
              <span className="font-medium">{r.labels.join(', ')}</span>
            </li>
          ))}
        </ul>
      )}
      {!view.blinded && view.reference.labels && (
        <p className="rounded bg-violet-950/60 px-2 py-1 text-sm" data-testid="reference-label">
          Reference: <span className="font-medium">{view.reference.labels.join(', ')}</span>
          {view.reference.authorName && <span className="text-xs text-slate-400"> · {view.reference.authorName}</span>}
        </p>
      )}
    </section>
  );
}
