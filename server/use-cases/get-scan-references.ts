import { groupByScan, readCount } from '@/lib/labels/chains';
import type { Annotation } from '@/lib/labels/annotation';
import { scanReference, type ScanReference } from '@/lib/dashboard/progress';
import type { Db } from '@/server/store/handle';
import { findProjectScanIds, type Project } from '@/server/store/scans';
import { computeTrainingLabels } from './compute-training-labels';
import { listProjectAnnotations } from './list-project-annotations';

export type ReferenceProject = Pick<Project, 'id' | 'labels' | 'readsPerScan' | 'consensusThreshold'>;

export interface ScanReferences {
  /** Status and reference label of every scan of the project. */
  byScan: Map<string, ScanReference>;
  /** The project's annotation rows grouped by scan (commit order). */
  rowsByScan: Map<string, Annotation[]>;
  rows: Annotation[];
}

/**
 * Every scan's progress status and reference label: the training rule of
 * compute-training-labels (adjudication > confident consensus > majority > single read)
 * and the number of current reads against the project's readsPerScan.
 */
export async function getScanReferences(db: Db, project: ReferenceProject): Promise<ScanReferences> {
  const [scans, training, rows] = await Promise.all([
    findProjectScanIds(db, project.id),
    computeTrainingLabels(db, project),
    listProjectAnnotations(db, project.id),
  ]);
  const rowsByScan = groupByScan(rows);
  const byScan = new Map<string, ScanReference>();
  for (const { id } of scans) {
    byScan.set(id, scanReference(readCount(rowsByScan.get(id) ?? []), project.readsPerScan, training.labels.get(id)));
  }
  return { byScan, rowsByScan, rows };
}
