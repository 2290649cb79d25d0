import type { CodedReads } from './encode';

export type MajorityOutcome =
  | { kind: 'winner'; label: string; votes: number; reads: number }
  | { kind: 'tie'; labels: string[]; votes: number; reads: number }
  | { kind: 'none' };

/** Majority of one item's labels; ties are reported, never broken silently. */
export function majorityOf(labels: readonly string[]): MajorityOutcome {
  if (labels.length === 0) return { kind: 'none' };
  const votes = new Map<string, number>();
  for (const l of labels) votes.set(l, (votes.get(l) ?? 0) + 1);
  const top = Math.max(...votes.values());
  const leaders = [...votes].filter(([, v]) => v === top).map(([l]) => l);
  return leaders.length === 1
    ? { kind: 'winner', label: leaders[0], votes: top, reads: labels.length }
    : { kind: 'tie', labels: leaders.sort(), votes: top, reads: labels.length };
}

export interface MajorityVote {
  /** Winning category index per item, -1 on a tie. */
  label: Int32Array;
  tie: Uint8Array;
  /** Winning (or tied) vote count over the item's reads. */
  share: Float64Array;
  ties: number;
}

/** Majority vote over every item of coded reads. */
export function majorityVote(data: CodedReads): MajorityVote {
  const nItems = data.items.length;
  const out: MajorityVote = {
    label: new Int32Array(nItems),
    tie: new Uint8Array(nItems),
    share: new Float64Array(nItems),
    ties: 0,
  };
  const counts = new Int32Array(data.categories.length);
  const { itemStart, label } = data;
  for (let i = 0; i < nItems; i++) {
    let best = -1;
    let bestVotes = 0;
    let tied = false;
    for (let p = itemStart[i]; p < itemStart[i + 1]; p++) {
      const v = ++counts[label[p]];
      if (v > bestVotes) [best, bestVotes, tied] = [label[p], v, false];
      else if (v === bestVotes && label[p] !== best) tied = true;
    }
    for (let p = itemStart[i]; p < itemStart[i + 1]; p++) counts[label[p]] = 0;
    out.label[i] = tied ? -1 : best;
    out.tie[i] = tied ? 1 : 0;
    out.share[i] = bestVotes / (itemStart[i + 1] - itemStart[i]);
    out.ties += tied ? 1 : 0;
  }
  return out;
}
