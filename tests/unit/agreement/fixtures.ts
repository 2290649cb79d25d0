import type { Read } from '@/lib/agreement/types';

/** One row per item, one column per reader; null is a missing read. */
export function readsFromRows(rows: (string | number | null)[][], readers?: string[]): Read[] {
  return rows.flatMap((row, i) =>
    row.flatMap((label, r) =>
      label === null ? [] : [{ item: `item-${i + 1}`, reader: readers?.[r] ?? `r${r + 1}`, label: String(label) }],
    ),
  );
}

/** Two readers from a contingency table: table[i][j] items where A said cats[i] and B cats[j]. */
export function readsFromTable(table: number[][], categories: string[]): Read[] {
  const reads: Read[] = [];
  let n = 0;
  table.forEach((row, i) =>
    row.forEach((count, j) => {
      for (let c = 0; c < count; c++, n++) {
        reads.push({ item: `item-${n}`, reader: 'A', label: categories[i] });
        reads.push({ item: `item-${n}`, reader: 'B', label: categories[j] });
      }
    }),
  );
  return reads;
}

/** Fleiss' layout: counts[i][j] readers who put item i in category j (readers are anonymous). */
export function readsFromCounts(counts: number[][], categories: string[]): Read[] {
  return counts.flatMap((row, i) => {
    const labels = row.flatMap((count, j) => Array<string>(count).fill(categories[j]));
    return labels.map((label, r) => ({ item: `item-${i + 1}`, reader: `r${r + 1}`, label }));
  });
}

/**
 * Fleiss (1971), Table 1 as raw ratings: 30 patients, 6 psychiatrists, 5 diagnoses
 * (1 depression, 2 personality disorder, 3 schizophrenia, 4 neurosis, 5 other).
 * kappa = 0.430 (R irr::kappam.fleiss(diagnoses): 0.4302445).
 */
export const fleiss1971 = [
  [4, 4, 4, 4, 4, 4],
  [2, 2, 2, 5, 5, 5],
  [2, 3, 3, 3, 3, 5],
  [5, 5, 5, 5, 5, 5],
  [2, 2, 2, 4, 4, 4],
  [1, 1, 3, 3, 3, 3],
  [3, 3, 3, 3, 5, 5],
  [1, 1, 3, 3, 3, 4],
  [1, 1, 4, 4, 4, 4],
  [5, 5, 5, 5, 5, 5],
  [1, 4, 4, 4, 4, 4],
  [1, 2, 4, 4, 4, 4],
  [2, 2, 2, 3, 3, 3],
  [1, 4, 4, 4, 4, 4],
  [2, 2, 4, 4, 4, 5],
  [3, 3, 3, 3, 3, 5],
  [1, 1, 1, 4, 5, 5],
  [1, 1, 1, 1, 1, 2],
  [2, 2, 4, 4, 4, 4],
  [1, 3, 3, 5, 5, 5],
  [5, 5, 5, 5, 5, 5],
  [2, 4, 4, 4, 4, 4],
  [2, 2, 4, 5, 5, 5],
  [1, 1, 4, 4, 4, 4],
  [1, 4, 4, 4, 4, 5],
  [2, 2, 2, 2, 2, 4],
  [1, 1, 1, 1, 5, 5],
  [2, 2, 4, 4, 4, 4],
  [1, 3, 3, 3, 3, 3],
  [5, 5, 5, 5, 5, 5],
];

/** Wikipedia's Fleiss' kappa worked example: 10 items, 14 raters, 5 categories; kappa = 0.210. */
export const wikipediaFleissCounts = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
];

/**
 * Krippendorff (2011), "Computing Krippendorff's alpha-reliability", nominal example:
 * observers A-D (columns) by 12 units (rows), with missing values; alpha = 0.743.
 */
export const krippendorff2011 = [
  [1, 1, null, 1],
  [2, 2, 3, 2],
  [3, 3, 3, 3],
  [3, 3, 3, 3],
  [2, 2, 2, 2],
  [1, 2, 3, 4],
  [4, 4, 4, 4],
  [1, 1, 2, 1],
  [2, 2, 2, 2],
  [null, 5, 5, 5],
  [null, null, 1, 1],
  [null, 3, null, null],
];

/**
 * R irr's `anxiety` data (20 subjects, 3 raters), raters 2 and 3, with irr::kappa2's
 * published values: unweighted -0.006289308, "equal" (linear) 0.1459075, "squared"
 * (quadratic) 0.2520325. irr orders the observed levels (1, 2, 3, 4, 6).
 */
export const anxietyRater2 = [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4];
export const anxietyRater3 = [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2];
