export interface TrainingCountdown {
  /** Scans with a label that trains the models now. */
  usable: number;
  /** Of those, added since the last training was queued. */
  sinceLast: number;
  /** The project's "retrain after" setting: newly training-usable scans, not label actions. */
  threshold: number;
  /** Scans still to become training-usable before the next training is queued. */
  remaining: number;
}

/** How far a project is from its next automatic training, as the threshold check counts it. */
export function trainingCountdown(usable: number, labelsAtLastTraining: number, threshold: number): TrainingCountdown {
  const sinceLast = Math.max(0, usable - labelsAtLastTraining);
  return { usable, sinceLast, threshold, remaining: Math.max(0, threshold - sinceLast) };
}
