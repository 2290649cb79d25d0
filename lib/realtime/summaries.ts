import type { Annotation } from '@/lib/labels/annotation';
import {
  REFERENCE_CHAIN,
  chainHeads,
  chainKeyOf,
  currentReads,
  hasAuthored,
  readChainKey,
  readCount,
} from '@/lib/labels/chains';
import type { AnnotationEvent, ScanState, ScanSummary } from './protocol';

export function emptySummary(scanId: string): ScanSummary {
  return { scanId, seq: 0, readCount: 0, authored: false, mine: null, reads: [], reference: null, chains: {} };
}

/** A scan's summary from its rows, for one user; `visible` false blinds others' labels. */
export function summarizeScan(args: {
  scanId: string;
  rows: readonly Annotation[];
  userId: string;
  visible: boolean;
  seq: number;
}): ScanSummary {
  const { rows, userId, visible } = args;
  const heads = chainHeads(rows);
  const own = readChainKey(userId);
  const chains: Record<string, number> = {};
  for (const [key, head] of heads) if (visible || key === own) chains[key] = head.seq;
  return {
    scanId: args.scanId,
    seq: args.seq,
    readCount: readCount(rows),
    authored: hasAuthored(rows, userId),
    mine: heads.get(own)?.value?.labels ?? null,
    reads: visible
      ? currentReads(rows).map((r) => ({ authorId: r.authorId, authorName: r.authorName, labels: r.labels }))
      : null,
    reference: visible ? (heads.get(REFERENCE_CHAIN)?.value?.labels ?? null) : null,
    chains,
  };
}

export function summarizeScanState(state: ScanState, userId: string): ScanSummary {
  const summary = summarizeScan({
    scanId: state.scanId,
    rows: state.rows,
    userId,
    visible: !state.blinded,
    seq: state.seq,
  });
  return { ...summary, readCount: state.readCount };
}

/**
 * Applies a committed annotation to a summary, whatever order events arrive in: a
 * chain only moves to a row with a higher sequence than its head's, the read count
 * follows the newest event. `incomplete` is true when a full event reaches a blinded
 * summary: the client should fetch the scan's state.
 */
export function applyEventToSummary(
  current: ScanSummary | undefined,
  e: AnnotationEvent,
  userId: string,
): { summary: ScanSummary; incomplete: boolean } {
  const base = current ?? { ...emptySummary(e.scanId), reads: e.annotation ? [] : null };
  const newest = e.seq > base.seq;
  const next: ScanSummary = newest ? { ...base, seq: e.seq, readCount: e.readCount } : { ...base };
  const a = e.annotation;
  // Redacted: blind mode hides this scan's labels from the user (now, whatever it did before).
  if (!a) return { summary: newest ? { ...next, reads: null, reference: null } : base, incomplete: false };
  const key = chainKeyOf(a);
  if ((base.chains[key] ?? 0) >= e.seq) return { summary: next, incomplete: false };
  next.chains = { ...base.chains, [key]: e.seq };
  const labels = a.value?.labels ?? null;
  if (a.authorId === userId) {
    next.authored = true;
    if (key !== REFERENCE_CHAIN) next.mine = labels;
  }
  // A blinded summary cannot be completed from one row: the user (or another tab of
  // theirs) has just read the scan, or a clinician may now see it. Fetch it.
  if (next.reads === null) return { summary: next, incomplete: true };
  if (key === REFERENCE_CHAIN) next.reference = labels;
  else next.reads = withRead(next.reads, a.authorId, a.authorName, labels);
  return { summary: next, incomplete: false };
}

function withRead(
  reads: NonNullable<ScanSummary['reads']>,
  authorId: string,
  authorName: string,
  labels: string[] | null,
) {
  const others = reads.filter((r) => r.authorId !== authorId);
  return labels ? [...others, { authorId, authorName, labels }] : others;
}

/**
 * A freshly fetched summary, keeping what the older one knew that is newer (events
 * that arrived after the fetch was read). `needSeq`: the older one saw a newer row it
 * could not read (blinded); the scan must be fetched again, at least up to that seq.
 */
export function mergeSummary(
  older: ScanSummary | undefined,
  fresh: ScanSummary,
  userId: string,
): { summary: ScanSummary; needSeq: number | null } {
  if (!older) return { summary: fresh, needSeq: null };
  const merged: ScanSummary =
    older.seq > fresh.seq
      ? { ...fresh, seq: older.seq, readCount: older.readCount }
      : { ...fresh, chains: { ...fresh.chains } };
  // Rows are never removed: once the user has authored one, they have.
  merged.authored = fresh.authored || older.authored;
  // Newer events disagree with the fetched state on whether the user may see the scan
  // (a clinician's scan fell short of its reads again, say): fetch it again.
  let needSeq: number | null =
    older.seq > fresh.seq && (older.reads === null) !== (fresh.reads === null) ? older.seq : null;
  for (const [key, seq] of Object.entries(older.chains)) {
    if (seq <= (merged.chains[key] ?? 0)) continue;
    const own = key === readChainKey(userId);
    if (older.reads === null && !own) {
      needSeq = Math.max(needSeq ?? 0, seq);
      continue;
    }
    merged.chains = { ...merged.chains, [key]: seq };
    if (key === REFERENCE_CHAIN) {
      if (merged.reads !== null) merged.reference = older.reference;
      continue;
    }
    const authorId = key.slice('read:'.length);
    const read = older.reads?.find((r) => r.authorId === authorId);
    const labels = own ? older.mine : (read?.labels ?? null);
    if (own) merged.mine = older.mine;
    if (merged.reads !== null) merged.reads = withRead(merged.reads, authorId, read?.authorName ?? '', labels);
  }
  return { summary: merged, needSeq };
}
