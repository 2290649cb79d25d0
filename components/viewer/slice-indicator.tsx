/**
 * Where the viewed slice sits in its series and where the asked one (the slice being
 * labelled) is: a strip with a tick per position, the asked slice marked, and a plain
 * "Slice 4 / 12" readout. Hidden for a scan without neighbours.
 */
export function SliceIndicator({ index, askedIndex, count }: { index: number; askedIndex: number; count: number }) {
  if (count <= 1) return null;
  const away = index - askedIndex;
  const pos = (i: number) => `${count === 1 ? 50 : (i / (count - 1)) * 100}%`;
  return (
    <div
      className="pointer-events-none absolute right-2 top-1/2 flex -translate-y-1/2 items-center gap-2 font-mono text-xs text-neutral-100 [text-shadow:0_0_3px_#000]"
      data-testid="slice-indicator"
      data-index={index}
      data-asked-index={askedIndex}
      data-count={count}
      role="status"
      aria-live="polite"
      aria-label={`Slice ${index + 1} of ${count}; labelling slice ${askedIndex + 1}`}
    >
      <div className="flex flex-col items-end gap-0.5" aria-hidden>
        <span>
          Slice {index + 1} / {count}
        </span>
        <span className={away === 0 ? 'text-emerald-300' : 'text-amber-300'}>
          {away === 0 ? 'labelling this slice' : `labelling ${askedIndex + 1} (Home)`}
        </span>
      </div>
      <div className="relative h-40 w-1.5 rounded bg-neutral-700/80" aria-hidden>
        <div
          className="absolute -left-1 h-0.5 w-3.5 bg-emerald-400"
          style={{ top: pos(askedIndex) }}
          data-testid="slice-indicator-asked"
        />
        <div
          className="absolute -left-0.5 h-2 w-2.5 -translate-y-1/2 rounded-sm bg-white"
          style={{ top: pos(index) }}
        />
      </div>
    </div>
  );
}
