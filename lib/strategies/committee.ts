import { rankByScore } from './rank-by-score';
import { argmax, className, createPhrases } from './reason';
import { modelKinds, type ScanScores, type Strategy } from './types';

/**
 * Query-by-committee across model kinds: each kind that scored a scan is one member.
 * The reader reuses its arrays so ranking allocates nothing per scan.
 */
export interface CommitteeReader {
  /** The members' probability vectors for the last read scan, in modelKinds order. */
  readonly members: number[][];
  /** Number of classes; 0 when fewer than two members or their class counts differ. */
  read(scan: ScanScores): number;
  /** "CNN and RESNET say glioma; RESNET50 says meningioma" for the last read scan. */
  opinions(): string;
}

/** Opinions are memoised up to this many classes: keys stay small integers (V8 Smis). */
const MAX_CACHED_CLASSES = 16;

export function createCommitteeReader(labels?: readonly string[]): CommitteeReader {
  const members: number[][] = [];
  const opinionCache = new Map<number, string>();
  // Bit i set = modelKinds[i] is a member of the last read scan's committee.
  let mask = 0;
  let k = 0;
  return {
    members,
    read(scan) {
      members.length = 0;
      mask = 0;
      for (let i = 0; i < modelKinds.length; i++) {
        const p = scan.byModel[modelKinds[i]]?.probabilities;
        if (p && p.length > 0) {
          members.push(p);
          mask |= 1 << i;
        }
      }
      k = members.length < 2 ? 0 : members[0].length;
      for (const p of members) if (p.length !== k) k = 0;
      return k;
    },
    opinions() {
      if (k > MAX_CACHED_CLASSES) return describeVotes(members, mask, k, labels);
      // The phrase depends only on who voted for what: key = k, mask, then each vote.
      let key = k * (1 << modelKinds.length) + mask;
      for (const p of members) key = key * MAX_CACHED_CLASSES + argmax(p, k);
      let phrase = opinionCache.get(key);
      if (phrase === undefined) opinionCache.set(key, (phrase = describeVotes(members, mask, k, labels)));
      return phrase;
    },
  };
}

function describeVotes(members: number[][], mask: number, k: number, labels?: readonly string[]): string {
  const kinds = modelKinds.filter((_kind, i) => mask & (1 << i));
  const byClass = new Map<number, string[]>();
  members.forEach((p, m) => {
    const top = argmax(p, k);
    byClass.set(top, [...(byClass.get(top) ?? []), kinds[m]]);
  });
  return [...byClass.entries()]
    .map(([c, voters]) => `${voters.join(' and ')} ${voters.length === 1 ? 'says' : 'say'} ${className(labels, c)}`)
    .join('; ');
}

export function missingCommittee(scan: ScanScores): string {
  const kinds = modelKinds.filter((kind) => (scan.byModel[kind]?.probabilities.length ?? 0) > 0);
  if (kinds.length === 0) return 'no model probabilities yet';
  if (kinds.length === 1) return `a committee needs two model kinds; only ${kinds[0]} has scored this scan`;
  return 'class counts differ between models';
}

export interface CommitteeStrategyDef {
  name: string;
  title: string;
  description: string;
  /** Named in reasons: "vote entropy 0.64: ...". */
  metric: string;
  /** Disagreement of the members (each of length k); scratch holds at least k numbers. */
  measure(members: readonly number[][], k: number, scratch: Float64Array): number;
}

/** A query-by-committee strategy: one disagreement measure over the model kinds. */
export function committeeStrategy(def: CommitteeStrategyDef): Strategy {
  return {
    name: def.name,
    title: def.title,
    description: def.description,
    needs: ['committee'],
    rank(scans, ctx) {
      const committee = createCommitteeReader(ctx.labels);
      const phrases = createPhrases(ctx.labels);
      let scratch = new Float64Array(16);
      return rankByScore(scans, {
        score(scan) {
          const k = committee.read(scan);
          if (k === 0) return Number.NaN;
          if (scratch.length < k) scratch = new Float64Array(k * 2);
          return def.measure(committee.members, k, scratch);
        },
        // explain follows score for the same scan, so the reader still holds its members.
        explain: (_scan, score) => phrases.head(def.metric, score) + committee.opinions(),
        missing: missingCommittee,
      });
    },
  };
}
