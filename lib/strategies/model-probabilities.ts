import { modelKinds, type ModelKind, type ModelScores, type ScanScores, type StrategyContext } from './types';

/** Bit i stands for modelKinds[i]. */
export function kindBit(kind: ModelKind): number {
  return 1 << modelKinds.indexOf(kind);
}

/** Bit i set = modelKinds[i] has what `has` asks for. */
export function kindMask(scan: ScanScores, kinds: readonly ModelKind[], has: (m: ModelScores) => boolean): number {
  let mask = 0;
  for (const kind of kinds) {
    const m = scan.byModel[kind];
    if (m && has(m)) mask |= kindBit(kind);
  }
  return mask;
}

/** "CNN" or "mean of CNN, RESNET" for each mask, made once. */
const SOURCES = Array.from({ length: 1 << modelKinds.length }, (_, mask) => {
  const kinds = modelKinds.filter((_kind, i) => mask & (1 << i));
  return kinds.length === 1 ? kinds[0] : `mean of ${kinds.join(', ')}`;
});

export function sourceLabel(mask: number): string {
  return SOURCES[mask];
}

const hasProbabilities = (m: ModelScores): boolean => m.probabilities.length > 0;

/**
 * Which probabilities a single-model strategy reads: ctx.modelKind's when the project
 * picked one, else the mean over the kinds that scored the scan (a small ensemble,
 * steadier than any one member). Reuses one buffer so ranking 100k scans allocates
 * nothing per scan.
 */
export interface ProbabilityReader {
  /** The probabilities of the last read scan, in values[0..length). */
  readonly values: Float64Array;
  /** Number of classes read; 0 when the scan lacks usable probabilities. */
  read(scan: ScanScores): number;
  /** What the last read() returned. */
  readonly length: number;
  /** "CNN" or "mean of CNN, RESNET": where the last read's numbers came from. */
  source(): string;
  /** Why a scan could not be read. */
  missing(scan: ScanScores): string;
}

export function createProbabilityReader(ctx: StrategyContext): ProbabilityReader {
  return new MeanProbabilityReader(ctx);
}

class MeanProbabilityReader implements ProbabilityReader {
  values = new Float64Array(16);
  length = 0;
  private mask = 0;
  private readonly kinds: readonly ModelKind[];
  private readonly bits: readonly number[];

  constructor(private readonly ctx: StrategyContext) {
    this.kinds = ctx.modelKind ? [ctx.modelKind] : modelKinds;
    this.bits = this.kinds.map(kindBit);
  }

  read(scan: ScanScores): number {
    this.length = this.readMean(scan);
    return this.length;
  }

  source(): string {
    return sourceLabel(this.mask);
  }

  missing(scan: ScanScores): string {
    if (kindMask(scan, this.kinds, hasProbabilities) === 0) {
      return this.ctx.modelKind ? `no ${this.ctx.modelKind} probabilities yet` : 'no model probabilities yet';
    }
    return 'probabilities unusable (class counts differ between models)';
  }

  private readMean(scan: ScanScores): number {
    let k = 0;
    let members = 0;
    this.mask = 0;
    for (let m = 0; m < this.kinds.length; m++) {
      const p = scan.byModel[this.kinds[m]]?.probabilities;
      if (!p || p.length === 0) continue;
      this.mask |= this.bits[m];
      if (members === 0) {
        k = p.length;
        if (this.values.length < k) this.values = new Float64Array(k * 2);
        for (let c = 0; c < k; c++) this.values[c] = p[c];
      } else if (p.length !== k) return 0;
      else for (let c = 0; c < k; c++) this.values[c] += p[c];
      members++;
    }
    if (members > 1) for (let c = 0; c < k; c++) this.values[c] /= members;
    return k;
  }
}
