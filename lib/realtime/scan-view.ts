import type { Annotation } from '@/lib/labels/annotation';
import { REFERENCE_CHAIN, chainHead, currentReads, readChainKey, type Read } from '@/lib/labels/chains';
import type { LiveState } from './live-state';
import { isPendingId, pendingRows } from './outbox';
import type { ClaimView, PredictionView } from './protocol';

export interface ChainView {
  labels: string[] | null;
  /** The head is an edit not yet acknowledged. */
  pending: boolean;
  /** The head's id (a pending id while pending); null for an empty chain. */
  headId: string | null;
  action: Annotation['action'] | null;
  authorName: string | null;
}

export interface ScanView {
  scanId: string;
  title: string | null;
  loaded: boolean;
  blinded: boolean;
  readCount: number;
  readsPerScan: number;
  mine: ChainView;
  reference: ChainView;
  /** Other readers' current reads (empty while blinded). */
  others: Read[];
  predictions: PredictionView[];
  claim: ClaimView | null;
  /** Edits of this scan still in the outbox. */
  pendingCount: number;
}

/** Committed rows of the open scan followed by the outbox's edits of it. */
export function combinedRows(s: LiveState): Annotation[] {
  if (!s.open?.state || !s.me) return [];
  return [...s.open.state.rows, ...pendingRows(s.outbox, s.open.scanId, s.me)];
}

function chainView(rows: readonly Annotation[], key: string): ChainView {
  const head = chainHead(rows, key);
  return {
    labels: head?.value?.labels ?? null,
    pending: head ? isPendingId(head.id) : false,
    headId: head?.id ?? null,
    action: head?.action ?? null,
    authorName: head?.authorName ?? null,
  };
}

/** What the labelling page shows for the open scan: committed state plus optimistic edits. */
export function openScanView(s: LiveState): ScanView | null {
  if (!s.open || !s.me) return null;
  const state = s.open.state;
  const rows = combinedRows(s);
  const mine = chainView(rows, readChainKey(s.me.id));
  const committedMine = state ? (chainHead(state.rows, readChainKey(s.me.id))?.value ?? null) : null;
  // The server's count, adjusted for this reader's own pending edit.
  const readCount = (state?.readCount ?? 0) - (committedMine ? 1 : 0) + (mine.labels ? 1 : 0);
  const blinded = state?.blinded ?? true;
  return {
    scanId: s.open.scanId,
    title: state?.title ?? null,
    loaded: state !== null,
    blinded,
    readCount,
    readsPerScan: state?.readsPerScan ?? 0,
    mine,
    reference: chainView(rows, REFERENCE_CHAIN),
    others: currentReads(rows).filter((r) => r.authorId !== s.me?.id),
    predictions: state?.predictions ?? [],
    claim: state?.claim ?? null,
    pendingCount: s.outbox.filter((i) => i.scanId === s.open?.scanId).length,
  };
}
