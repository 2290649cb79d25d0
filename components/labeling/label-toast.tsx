'use client';

import { useEffect, useState } from 'react';
import { describeLabelChange, describePendingAccept, type LabelChange, type PendingAccept } from './label-change';

const SHOW_MS = 6_000;

export interface LabelToastProps {
  change: LabelChange | null;
  pendingAccept: PendingAccept | null;
  onDismiss(): void;
}

/**
 * Floats over the viewer (it never moves it): what the reader's last key changed, with
 * "U to undo", or the question A asks before it replaces a read.
 */
export function LabelToast({ change, pendingAccept, onDismiss }: LabelToastProps) {
  const [hiddenId, setHiddenId] = useState<number | null>(null);
  useEffect(() => {
    if (!change) return;
    const t = setTimeout(() => setHiddenId(change.id), SHOW_MS);
    return () => clearTimeout(t);
  }, [change]);

  if (pendingAccept)
    return (
      <div
        role="alert"
        data-testid="accept-confirm"
        className="pointer-events-auto max-w-xl rounded-lg border border-amber-600 bg-amber-950/95 px-4 py-2 text-sm text-amber-50 shadow-lg"
      >
        {describePendingAccept(pendingAccept)}
      </div>
    );
  if (!change || hiddenId === change.id) return null;
  return (
    <div
      role="status"
      data-testid="label-toast"
      className="pointer-events-auto flex max-w-xl items-center gap-3 rounded-lg border border-slate-600 bg-slate-900/95 px-4 py-2 text-sm text-slate-100 shadow-lg"
    >
      <span>{describeLabelChange(change)}</span>
      {!change.undo && (
        <span className="whitespace-nowrap text-slate-300">
          <kbd className="rounded border border-slate-500 px-1 font-mono text-xs">U</kbd> to undo
        </span>
      )}
      <button type="button" onClick={onDismiss} aria-label="Dismiss" className="text-slate-400 hover:text-white">
        ×
      </button>
    </div>
  );
}
