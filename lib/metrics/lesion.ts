import type { ConfusionMatrix } from './confusion-matrix';

export interface LesionClassSensitivity {
  label: string;
  /** Recall of this lesion class: called exactly this class. */
  sensitivity: number;
  count: number;
  /** Lesions of this class the model called normal: the costly error. */
  calledNormal: number;
}

export interface LesionSensitivity {
  perClass: LesionClassSensitivity[];
  lesionCount: number;
  lesionsCalledNormal: number;
  /** Lesions called any lesion class (abnormal vs normal), over all lesions; null without lesions or without a normal class. */
  detectionSensitivity: number | null;
}

const normalPattern = /^(normal|healthy|negative|none|no[ _-]?(tumou?r|h(a)?emorrhage|lesion|finding)s?)$/i;

/** Labels that conventionally mean "no lesion" (notumor, normal, no_hemorrhage, ...). */
export function guessNormalLabels(labels: readonly string[]): string[] {
  return labels.filter((l) => normalPattern.test(l.trim()));
}

/** Sensitivity per lesion class and how many lesions were called normal, given the normal labels. */
export function lesionSensitivity(
  m: ConfusionMatrix,
  labels: readonly string[],
  normalLabels: readonly string[],
): LesionSensitivity {
  const normal = new Set(labels.map((l, i) => (normalLabels.includes(l) ? i : -1)).filter((i) => i >= 0));
  const perClass: LesionClassSensitivity[] = [];
  for (let c = 0; c < labels.length; c++) {
    if (normal.has(c)) continue;
    const count = m[c].reduce((a, b) => a + b, 0);
    const calledNormal = [...normal].reduce((a, j) => a + m[c][j], 0);
    perClass.push({ label: labels[c], sensitivity: count ? m[c][c] / count : 0, count, calledNormal });
  }
  const lesionCount = perClass.reduce((a, p) => a + p.count, 0);
  const lesionsCalledNormal = perClass.reduce((a, p) => a + p.calledNormal, 0);
  return {
    perClass,
    lesionCount,
    lesionsCalledNormal,
    detectionSensitivity: lesionCount && normal.size ? (lesionCount - lesionsCalledNormal) / lesionCount : null,
  };
}
