import type { TrainingRule } from '@/lib/agreement/training-label';
import type { ProgressStatus } from './progress';

/** One of a reader's current reads, against the scan's reference label. */
export interface MyRead {
  scanId: string;
  originalName: string;
  labels: string[];
  at: string;
  action: string;
  status: ProgressStatus;
  reference: string | null;
  referenceRule: TrainingRule | null;
  /** Whether the read equals the reference label; null while there is none. */
  agrees: boolean | null;
}

/** A scan a clinician adjudicated to other labels than the reader's. */
export interface Overruled {
  scanId: string;
  originalName: string;
  myLabels: string[];
  adjudicated: string[];
  adjudicatedBy: string;
  adjudicatedAt: string;
}

/** A reader against the consensus of the agreement report (rows: the reader's label). */
export interface ConsensusSummary {
  source: 'dawid-skene' | 'majority';
  compared: number;
  agreement: number | null;
  categories: string[];
  counts: number[][];
}
