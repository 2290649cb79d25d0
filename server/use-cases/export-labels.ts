import type { Annotation } from '@/lib/labels/annotation';
import { REFERENCE_CHAIN, chainHeads } from '@/lib/labels/chains';
import type { ScanReference } from '@/lib/dashboard/progress';
import type { Db } from '@/server/store/handle';
import { listExportedScans, listReadersByIds, type Project } from '@/server/store/project-views';
import { getScanReferences } from './get-scan-references';

export interface ExportedAnnotation {
  id: string;
  seq: number;
  authorId: string;
  source: Annotation['source'];
  action: Annotation['action'];
  /** null: the row retracts the read. */
  labels: string[] | null;
  supersedesId: string | null;
  predictionId: string | null;
  createdAt: string;
  /** The head of its chain: a reader's current read, or the current adjudication. */
  current: boolean;
}

export interface ExportedScan {
  id: string;
  contentHash: string;
  originalName: string;
  modality: string;
  split: string;
  reference: ScanReference;
  reads: { readerId: string; labels: string[]; annotationId: string; seq: number; at: string }[];
  adjudication: { labels: string[]; annotationId: string; authorId: string; seq: number; at: string } | null;
  history: ExportedAnnotation[];
}

export interface LabelsExport {
  format: 'neuroloop.labels/1';
  exportedAt: string;
  project: {
    slug: string;
    name: string;
    task: string;
    labels: string[];
    normalLabels: string[];
    readsPerScan: number;
    consensusThreshold: number;
  };
  readers: { id: string; name: string; email: string }[];
  scans: ExportedScan[];
}

export type LabelsExportProject = Pick<
  Project,
  'id' | 'slug' | 'name' | 'task' | 'labels' | 'normalLabels' | 'readsPerScan' | 'consensusThreshold'
>;

/** Every scan with its per-reader reads, consensus, adjudication and full annotation history. */
export async function exportLabels(db: Db, project: LabelsExportProject, now = new Date()): Promise<LabelsExport> {
  const [scans, refs] = await Promise.all([listExportedScans(db, project.id), getScanReferences(db, project)]);
  const current = new Set<string>();
  for (const rows of refs.rowsByScan.values()) for (const head of chainHeads(rows).values()) current.add(head.id);
  const authorIds = [...new Set(refs.rows.map((r) => r.authorId))];
  const readers = await listReadersByIds(db, authorIds);
  return {
    format: 'neuroloop.labels/1',
    exportedAt: now.toISOString(),
    project: {
      slug: project.slug,
      name: project.name,
      task: project.task,
      labels: project.labels,
      normalLabels: project.normalLabels,
      readsPerScan: project.readsPerScan,
      consensusThreshold: project.consensusThreshold,
    },
    readers,
    scans: scans.map((s) => {
      const rows = refs.rowsByScan.get(s.id) ?? [];
      return {
        ...s,
        reference: refs.byScan.get(s.id) ?? { status: 'unlabelled', label: null, rule: null },
        ...currentReads(rows),
        history: rows.map((r) => ({
          id: r.id,
          seq: r.seq,
          authorId: r.authorId,
          source: r.source,
          action: r.action,
          labels: r.value?.labels ?? null,
          supersedesId: r.supersedesId,
          predictionId: r.predictionId,
          createdAt: r.createdAt,
          current: current.has(r.id),
        })),
      };
    }),
  };
}

function currentReads(rows: readonly Annotation[]): Pick<ExportedScan, 'reads' | 'adjudication'> {
  const reads: ExportedScan['reads'] = [];
  let adjudication: ExportedScan['adjudication'] = null;
  for (const [key, head] of chainHeads(rows)) {
    if (!head.value) continue;
    const at = { annotationId: head.id, seq: head.seq, at: head.createdAt };
    if (key === REFERENCE_CHAIN) adjudication = { labels: head.value.labels, authorId: head.authorId, ...at };
    else reads.push({ readerId: head.authorId, labels: head.value.labels, ...at });
  }
  return { reads: reads.sort((a, b) => a.seq - b.seq), adjudication };
}
