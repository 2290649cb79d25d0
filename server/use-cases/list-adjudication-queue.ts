import type { Role } from '@/lib/auth/roles';
import { currentReads, groupByScan, hasAuthored, readCount, referenceValue } from '@/lib/labels/chains';
import { canSeeOthers } from '@/lib/labels/visibility';
import type { Db } from '@/server/store/handle';
import { listScanNames } from '@/server/store/project-views';
import { currentTrainingLabels } from './compute-training-labels';
import { listScanAnnotations } from './list-scan-annotations';

export interface QueueRead {
  readerId: string;
  readerName: string;
  /** null: blind mode hides this read from the viewer until the scan's reads are all in. */
  labels: string[] | null;
  at: string;
}

export interface AdjudicationQueueItem {
  scanId: string;
  scanName: string;
  reason: 'tie' | 'low-confidence';
  /**
   * The Dawid–Skene consensus, when it was computed (its confidence is below the threshold);
   * null too while blind mode hides the labels from the viewer (it would give them away).
   */
  posterior: { label: string; confidence: number } | null;
  /** False while blind mode hides the other readers' labels from the viewer. */
  labelsVisible: boolean;
  /** Every reader's current read, oldest first. */
  reads: QueueRead[];
  readCount: number;
  /** When the latest read came in: how long the scan has been waiting. */
  waitingSince: string;
}

export interface AdjudicationQueue {
  threshold: number;
  readsPerScan: number;
  /** Excluded by the training rule with all their reads in, oldest first. */
  ready: AdjudicationQueueItem[];
  /** Excluded too, but still short of the project's reads per scan: adjudicate them later. */
  awaitingReads: AdjudicationQueueItem[];
}

export interface QueueProject {
  id: string;
  labels: string[];
  consensusThreshold: number;
  readsPerScan: number;
  blindMode: boolean;
  lastSequence: bigint;
}

/**
 * The clinicians' "needs adjudication" list: exactly the scans the training rule excludes
 * (a tie, or a consensus below the confidence threshold; see compute-training-labels), with
 * the readers' labels side by side. A scan with an adjudication has left it.
 */
export async function listAdjudicationQueue(
  db: Db,
  project: QueueProject,
  viewer: { id: string; role: Role },
): Promise<AdjudicationQueue> {
  const { queue } = await currentTrainingLabels(db, project);
  const scanIds = queue.map((q) => q.item);
  const [rows, scans] = await Promise.all([listScanAnnotations(db, scanIds), listScanNames(db, scanIds)]);
  const rowsByScan = groupByScan(rows);
  const names = new Map(scans.map((s) => [s.id, s.originalName]));
  const items: AdjudicationQueueItem[] = [];
  for (const entry of queue) {
    const scanRows = rowsByScan.get(entry.item) ?? [];
    // Adjudicated since the rule ran (a later request recomputes it anyway).
    if (referenceValue(scanRows) !== null || entry.reason === 'no-reads') continue;
    const at = new Map(scanRows.map((r) => [r.id, r.createdAt]));
    const count = readCount(scanRows);
    const visible = canSeeOthers({
      blindMode: project.blindMode,
      authored: hasAuthored(scanRows, viewer.id),
      role: viewer.role,
      readCount: count,
      readsPerScan: project.readsPerScan,
    });
    const reads = currentReads(scanRows).map((r) => ({
      readerId: r.authorId,
      readerName: r.authorName,
      labels: visible || r.authorId === viewer.id ? r.labels : null,
      at: at.get(r.annotationId)!,
    }));
    items.push({
      scanId: entry.item,
      scanName: names.get(entry.item) ?? entry.item,
      reason: entry.reason,
      posterior: visible ? (entry.posterior ?? null) : null,
      labelsVisible: visible,
      reads,
      readCount: count,
      waitingSince: reads.reduce((latest, r) => (r.at > latest ? r.at : latest), ''),
    });
  }
  items.sort((a, b) => a.waitingSince.localeCompare(b.waitingSince) || a.scanName.localeCompare(b.scanName));
  return {
    threshold: project.consensusThreshold,
    readsPerScan: project.readsPerScan,
    ready: items.filter((i) => i.readCount >= project.readsPerScan),
    awaitingReads: items.filter((i) => i.readCount < project.readsPerScan),
  };
}
