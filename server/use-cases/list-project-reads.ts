import type { Read as AgreementRead } from '@/lib/agreement/types';
import { annotationValueSchema } from '@/lib/labels/annotation';
import { REFERENCE_CHAIN, chainHeads } from '@/lib/labels/chains';
import { findProjectAnnotationRows } from '@/server/store/annotations';
import type { Db } from '@/server/store/handle';

export interface ProjectReads {
  /** Every reader's current read of every scan (retracted reads left out), one label per read. */
  reads: AgreementRead[];
  /** Labels of multi-label reads, for per-label agreement. */
  multiLabelReads: { item: string; reader: string; labels: string[] }[];
  /** The reference (adjudicated) label per scan. */
  adjudications: Map<string, string>;
  /** The label each scan was imported with: a prior, never a reader (not in `reads`). */
  priors: Map<string, string>;
  /** Reader key → display name. */
  readerNames: Map<string, string>;
  /** Highest annotation sequence number included. */
  upToSeq: bigint;
}

export interface ReadsCutoff {
  upToSeq?: bigint;
  since?: Date;
  until?: Date;
}

/** A project's annotation rows in commit order, as listProjectReads needs them. */
export type ProjectAnnotationRow = Awaited<ReturnType<typeof listProjectAnnotationRows>>[number];

/**
 * The reads of a project as agreement statistics and the training rule want them: the head
 * of every reader's chain per scan. Optionally frozen at a sequence number, so that a label
 * snapshot can be recomputed exactly later (annotations are append-only).
 */
export async function listProjectReads(db: Db, projectId: string, opts: ReadsCutoff = {}): Promise<ProjectReads> {
  return readsFromRows(await listProjectAnnotationRows(db, projectId, opts), opts);
}

export async function listProjectAnnotationRows(
  db: Db,
  projectId: string,
  opts: Pick<ReadsCutoff, 'upToSeq' | 'until'> = {},
) {
  return findProjectAnnotationRows(db, projectId, opts);
}

/**
 * listProjectReads over rows already fetched (in commit order): several cutoffs of one
 * fetch, e.g. agreement per week and per model version, without a query each.
 */
export function readsFromRows(rows: readonly ProjectAnnotationRow[], opts: ReadsCutoff = {}): ProjectReads {
  type Row = Omit<ProjectAnnotationRow, 'seq'> & { seq: number };
  const byScan = new Map<string, Row[]>();
  let upToSeq = 0n;
  const readerNames = new Map<string, string>();
  for (const r of rows) {
    if ((opts.upToSeq !== undefined && r.seq > opts.upToSeq) || (opts.until && r.createdAt > opts.until)) continue;
    (byScan.get(r.scanId) ?? byScan.set(r.scanId, []).get(r.scanId)!).push({ ...r, seq: Number(r.seq) });
    if (r.seq > upToSeq) upToSeq = r.seq;
    if (r.source !== 'IMPORT') readerNames.set(r.authorId, r.author.name);
  }
  const reads: AgreementRead[] = [];
  const multiLabelReads: ProjectReads['multiLabelReads'] = [];
  const adjudications = new Map<string, string>();
  const priors = new Map<string, string>();
  for (const [scanId, scanRows] of byScan) {
    for (const [key, head] of chainHeads(scanRows)) {
      const value = annotationValueSchema.nullable().safeParse(head.value);
      if (!value.success || value.data === null) continue;
      if (key === REFERENCE_CHAIN) {
        adjudications.set(scanId, value.data.labels[0]);
        continue;
      }
      if (head.source === 'IMPORT') {
        priors.set(scanId, value.data.labels[0]);
        continue;
      }
      if (opts.since && head.createdAt < opts.since) continue;
      reads.push({ item: scanId, reader: head.authorId, label: value.data.labels[0] });
      multiLabelReads.push({ item: scanId, reader: head.authorId, labels: value.data.labels });
    }
  }
  return { reads, multiLabelReads, adjudications, priors, readerNames, upToSeq };
}
