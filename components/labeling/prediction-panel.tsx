import { mostLikelyIndex } from '@/lib/labels/most-likely';
import { modelName } from '@/lib/models/model-name';
import type { PredictionView } from '@/lib/realtime/protocol';

export interface PredictionPanelProps {
  labels: readonly string[];
  predictions: readonly PredictionView[];
  /** The prediction A and R act on. */
  primaryId: string | null;
  blinded: boolean;
  rejecting: boolean;
  onSelect(id: string): void;
  onAccept(): void;
  onReject(): void;
}

/** The active models' probabilities per kind, and accept (A) / reject (R) of the selected one. */
export function PredictionPanel({
  labels,
  predictions,
  primaryId,
  blinded,
  rejecting,
  onSelect,
  onAccept,
  onReject,
}: PredictionPanelProps) {
  return (
    <section aria-labelledby="predictions-title" className="space-y-2">
      <h2 id="predictions-title" className="text-sm font-medium text-slate-300">
        Model predictions
      </h2>
      {blinded ? (
        <p className="text-xs text-slate-400" data-testid="predictions-hidden">
          Hidden until you submit your read (blind mode).
        </p>
      ) : predictions.length === 0 ? (
        <p className="text-xs text-slate-400">No model has scored this scan yet.</p>
      ) : (
        <>
          <ul className="space-y-2">
            {predictions.map((p) => (
              <li key={p.id}>
                <button
                  type="button"
                  onClick={() => onSelect(p.id)}
                  aria-pressed={p.id === primaryId}
                  className={`w-full rounded border p-2 text-left ${p.id === primaryId ? 'border-amber-500 bg-amber-950/40' : 'border-slate-800 hover:border-slate-600'}`}
                >
                  <div className="mb-1 text-xs text-slate-400">{modelName(p)}</div>
                  {labels.map((l, i) => (
                    <ProbabilityRow
                      key={l}
                      label={l}
                      value={p.probabilities[i] ?? 0}
                      top={i === mostLikelyIndex(p.probabilities)}
                    />
                  ))}
                </button>
              </li>
            ))}
          </ul>
          <div className="flex gap-2">
            <button
              type="button"
              onClick={onAccept}
              className="flex-1 rounded bg-emerald-700 px-2 py-1 text-sm hover:bg-emerald-600"
            >
              <kbd className="mr-1 font-mono text-xs">A</kbd>Accept
            </button>
            <button
              type="button"
              onClick={onReject}
              className="flex-1 rounded bg-rose-800 px-2 py-1 text-sm hover:bg-rose-700"
            >
              <kbd className="mr-1 font-mono text-xs">R</kbd>Reject
            </button>
          </div>
          {rejecting && (
            <p role="status" className="text-xs text-amber-300">
              Press the number of the right class (Esc cancels).
            </p>
          )}
        </>
      )}
    </section>
  );
}

function ProbabilityRow({ label, value, top }: { label: string; value: number; top: boolean }) {
  const pct = Math.round(value * 100);
  return (
    <div
      className={`flex items-center gap-2 text-xs ${top ? 'font-semibold' : ''}`}
      data-testid={top ? 'prediction-most-likely' : undefined}
    >
      <span className={`w-24 truncate ${top ? 'text-white' : 'text-slate-300'}`}>
        {top && (
          <span aria-hidden className="mr-0.5 text-amber-300">
            ▸
          </span>
        )}
        {label}
        {top && <span className="sr-only"> (most likely)</span>}
      </span>
      <span className="h-1.5 flex-1 rounded bg-slate-800" aria-hidden>
        <span
          className={`block h-full rounded ${top ? 'bg-amber-300' : 'bg-slate-500'}`}
          style={{ width: `${pct}%` }}
        />
      </span>
      <span className={`w-9 text-right tabular-nums ${top ? 'text-white' : 'text-slate-300'}`}>{pct}%</span>
    </div>
  );
}
