import Link from 'next/link';
import { formatNumber, formatWhen } from './format';

export interface QueueItemView {
  scanId: string;
  scanName: string;
  reason: 'tie' | 'low-confidence';
  posterior: { label: string; confidence: number } | null;
  labelsVisible: boolean;
  reads: { readerId: string; readerName: string; labels: string[] | null; at: string }[];
  readCount: number;
  waitingSince: string;
}

const reasonBadge = {
  tie: 'Tie',
  'low-confidence': 'Low-confidence consensus',
} as const;

/** Scans waiting for a clinician, oldest first, with every reader's label side by side. */
export function AdjudicationQueueList(props: {
  slug: string;
  items: readonly QueueItemView[];
  threshold: number;
  readsPerScan: number;
  testId?: string;
}) {
  const { slug, items, threshold, readsPerScan, testId } = props;
  return (
    <ul className="space-y-3" data-testid={testId}>
      {items.map((item) => (
        <li
          key={item.scanId}
          className="flex gap-4 rounded-lg border border-slate-800 bg-slate-900 p-4"
          data-testid="queue-item"
          data-scan-id={item.scanId}
        >
          <img
            src={`/api/projects/${slug}/scans/${item.scanId}/thumbnail`}
            alt=""
            loading="lazy"
            width={96}
            height={96}
            className="h-24 w-24 shrink-0 rounded bg-slate-800 object-cover"
          />
          <div className="min-w-0 flex-1 space-y-2">
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium" data-testid="queue-scan-name">
                {item.scanName}
              </span>
              <span className="rounded bg-amber-900/60 px-2 py-0.5 text-xs text-amber-200">
                {reasonBadge[item.reason]}
              </span>
              <span className="text-xs text-slate-500">
                waiting since {formatWhen(item.waitingSince)} · {item.readCount} of {readsPerScan} reads
              </span>
              <Link
                href={`/projects/${slug}/scans/${item.scanId}?mode=adjudicate`}
                className="ml-auto rounded bg-sky-600 px-3 py-1 text-sm text-white hover:bg-sky-500"
                data-testid="adjudicate-link"
              >
                Adjudicate
              </Link>
            </div>
            <div
              className="grid gap-2"
              style={{ gridTemplateColumns: `repeat(${Math.max(1, item.reads.length)}, minmax(8rem, 1fr))` }}
            >
              {item.reads.map((r) => (
                <div
                  key={r.readerId}
                  className="rounded border border-slate-800 bg-slate-950/50 px-3 py-2"
                  data-testid="reader-read"
                  data-reader={r.readerName}
                >
                  <div className="text-xs text-slate-400">{r.readerName}</div>
                  <div className="font-medium" data-testid="reader-label">
                    {r.labels ? (
                      r.labels.join(', ')
                    ) : (
                      <span className="text-slate-500 italic">hidden until all reads are in</span>
                    )}
                  </div>
                  <div className="text-xs text-slate-500">{formatWhen(r.at)}</div>
                </div>
              ))}
            </div>
            <p className="text-xs text-slate-400" data-testid="queue-posterior">
              {consensusText(item, threshold)}
            </p>
          </div>
        </li>
      ))}
    </ul>
  );
}

function consensusText(item: QueueItemView, threshold: number): string {
  if (!item.labelsVisible) return 'Consensus hidden until all reads are in (blind mode).';
  if (!item.posterior) return 'No consensus model yet: the reads tie.';
  return `Dawid–Skene consensus: ${item.posterior.label} with probability ${formatNumber(item.posterior.confidence)}, below the ${threshold} needed to train.`;
}
