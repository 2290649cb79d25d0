/**
 * Formatters for the reasons shown to clinicians ("why was this scan picked").
 * Reasons are built for every ranked scan (100k within one ranking's budget), so
 * the phrases that repeat are made once per ranking and reused.
 */

const PERCENTS = Array.from({ length: 101 }, (_, i) => `${i}%`);
const HUNDREDTHS = Array.from({ length: 1001 }, (_, i) => String(i / 100));

export function className(labels: readonly string[] | undefined, index: number): string {
  return labels?.[index] ?? `class ${index}`;
}

/** 0.4789 -> "48%" */
export function percent(p: number): string {
  const i = Math.round(p * 100);
  return PERCENTS[i] ?? `${i}%`;
}

/** 0.9731 -> "0.97" */
export function twoDecimals(x: number): string {
  const i = Math.round(x * 100);
  return HUNDREDTHS[i] ?? String(i / 100);
}

export function argmax(p: ArrayLike<number>, length: number): number {
  let best = 0;
  for (let c = 1; c < length; c++) if (p[c] > p[best]) best = c;
  return best;
}

/** The runner-up class: the highest probability other than `first`. */
export function runnerUp(p: ArrayLike<number>, length: number, first: number): number {
  let best = first === 0 ? 1 : 0;
  for (let c = 0; c < length; c++) if (c !== first && p[c] > p[best]) best = c;
  return best;
}

export interface Phrases {
  /** "torn between glioma (48%) and meningioma (45%)", with an optional frame around it. */
  tornBetween(p: ArrayLike<number>, length: number, prefix?: string, suffix?: string): string;
  /** "best guess glioma at only 48%" */
  bestGuess(p: ArrayLike<number>, length: number): string;
  /** "entropy 0.97 (CNN): ", or "vote entropy 0.64: " without a source. */
  head(metric: string, score: number, source?: string): string;
}

/** Phrase pieces are kept in arrays indexed by small integers, e.g. class * 101 + percent. */
const MAX_INDEX = 10_100;

/** The piece array for one fixed string (a frame, or a metric and its source). */
function piecesFor(tables: Map<string, string[]>, key: string): string[] {
  let pieces = tables.get(key);
  // Sized up front: writing far past an array's end would turn it into a slow dictionary.
  if (!pieces) tables.set(key, (pieces = new Array<string>(MAX_INDEX)));
  return pieces;
}

/** class * 101 + percent, or -1 when it does not index a piece (not a probability, or many classes). */
function classIndex(c: number, p: number): number {
  const percentage = Math.round(p * 100);
  const index = c * 101 + percentage;
  return percentage >= 0 && percentage <= 100 && index < MAX_INDEX ? index : -1;
}

/**
 * Phrase cache for one ranking (labels are fixed for its duration). A whole phrase
 * rarely repeats across 100k scans, so phrases are joined from pieces that do (one
 * per class and percent, one per score in hundredths): one concatenation per phrase.
 */
export function createPhrases(labels?: readonly string[]): Phrases {
  const lefts = new Map<string, string[]>();
  const rights = new Map<string, string[]>();
  const heads = new Map<string, Map<string, string[]>>();
  const guesses = new Array<string>(MAX_INDEX);
  const classAt = (c: number, p: number): string => `${className(labels, c)} (${percent(p)})`;
  const left = (prefix: string, c: number, p: number): string => `${prefix}torn between ${classAt(c, p)} and `;
  const right = (suffix: string, c: number, p: number): string => `${classAt(c, p)}${suffix}`;
  const guess = (c: number, p: number): string => `best guess ${className(labels, c)} at only ${percent(p)}`;
  const headline = (metric: string, score: number, source: string): string =>
    source === '' ? `${metric} ${twoDecimals(score)}: ` : `${metric} ${twoDecimals(score)} (${source}): `;
  return {
    tornBetween(p, length, prefix = '', suffix = '') {
      const a = argmax(p, length);
      if (length < 2) return `${prefix}only ${classAt(a, p[a])}${suffix}`;
      const b = runnerUp(p, length, a);
      const ia = classIndex(a, p[a]);
      const ib = classIndex(b, p[b]);
      const lefts1 = piecesFor(lefts, prefix);
      const rights1 = piecesFor(rights, suffix);
      const l = ia < 0 ? left(prefix, a, p[a]) : (lefts1[ia] ??= left(prefix, a, p[a]));
      const r = ib < 0 ? right(suffix, b, p[b]) : (rights1[ib] ??= right(suffix, b, p[b]));
      return l + r;
    },
    bestGuess(p, length) {
      const a = argmax(p, length);
      const i = classIndex(a, p[a]);
      return i < 0 ? guess(a, p[a]) : (guesses[i] ??= guess(a, p[a]));
    },
    head(metric, score, source = '') {
      const hundredths = Math.round(score * 100);
      if (!(hundredths >= 0 && hundredths < MAX_INDEX)) return headline(metric, score, source);
      let bySource = heads.get(metric);
      if (!bySource) heads.set(metric, (bySource = new Map()));
      return (piecesFor(bySource, source)[hundredths] ??= headline(metric, score, source));
    },
  };
}
