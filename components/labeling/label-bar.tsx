import type { ChainView } from '@/lib/realtime/scan-view';

export interface LabelBarProps {
  labels: readonly string[];
  /** Retired labels: shown (old reads keep them) but not chosen for a new read. */
  retired?: readonly string[];
  /** The chain the number keys write: the reader's own read, or the reference. */
  chain: ChainView;
  mode: 'read' | 'adjudicate';
  disabled: boolean;
  onLabel(index: number): void;
}

/**
 * One button per class with its number key. The current value is highlighted: dashed
 * while it is on its way to the server, solid once the server has acknowledged it.
 */
export function LabelBar({ labels, retired = [], chain, mode, disabled, onLabel }: LabelBarProps) {
  const status = chain.labels === null ? 'none' : chain.pending ? 'pending' : 'saved';
  return (
    <section aria-labelledby="label-bar-title" className="space-y-2">
      <div className="flex items-baseline justify-between">
        <h2 id="label-bar-title" className="text-sm font-medium text-slate-300">
          {mode === 'adjudicate' ? 'Reference label (adjudication)' : 'Your read'}
        </h2>
        <span data-testid="label-status" data-status={status} className="text-xs text-slate-400" aria-live="polite">
          {status === 'pending' ? 'Saving…' : status === 'saved' ? 'Saved' : 'Not labelled yet'}
        </span>
      </div>
      <div role="group" aria-label="Classes" className="grid grid-cols-1 gap-1.5">
        {labels.map((label, i) => {
          const current = chain.labels?.includes(label) ?? false;
          const isRetired = retired.includes(label);
          const look = !current
            ? 'border-slate-700 bg-slate-900 hover:border-slate-500'
            : chain.pending
              ? 'border-dashed border-sky-400 bg-sky-950 text-sky-100'
              : 'border-sky-500 bg-sky-700 text-white';
          return (
            <button
              key={label}
              type="button"
              disabled={disabled || (isRetired && !current)}
              aria-pressed={current}
              title={isRetired ? 'Retired: old reads keep this label; new reads cannot choose it.' : undefined}
              data-testid={`label-${label}`}
              onClick={() => onLabel(i)}
              className={`flex items-center gap-2 rounded border px-2 py-1.5 text-left text-sm disabled:opacity-50 ${look}`}
            >
              {i < 9 && <kbd className="rounded bg-black/30 px-1.5 font-mono text-xs">{i + 1}</kbd>}
              <span className="truncate">{label}</span>
              {isRetired && <span className="ml-auto text-xs text-slate-300">retired</span>}
            </button>
          );
        })}
      </div>
    </section>
  );
}
