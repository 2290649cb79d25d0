import type { ConsensusSummary, MyRead, Overruled } from '@/lib/dashboard/annotator';
import type { ReadsPerDayTable } from '@/lib/dashboard/reads-per-day';
import { sameValue } from '@/lib/labels/annotation';
import { REFERENCE_CHAIN, chainHeads, readChainKey } from '@/lib/labels/chains';
import type { Db } from '@/server/store/handle';
import { findScanNames } from '@/server/store/scans';
import { getProjectAgreement, readerDisplayNames, type AgreementProject } from './get-project-agreement';
import { getReadsPerAnnotator } from './get-reads-per-annotator';
import { getScanReferences, type ReferenceProject } from './get-scan-references';

export interface AnnotatorSummary {
  /** Current (not retracted) reads, and every row this reader wrote. */
  counts: { currentReads: number; rowsWritten: number };
  /** This reader against the consensus of the project's agreement report (Dawid–Skene, else majority). */
  consensus: ConsensusSummary | null;
  /** Newest first, at most `limit`. */
  reads: MyRead[];
  /** Scans a clinician adjudicated to other labels than this reader's: to learn from. */
  overruled: Overruled[];
  readsPerDay: ReadsPerDayTable;
}

/** One reader's own reads, their agreement with the consensus, and where adjudication overruled them. */
export async function getAnnotatorSummary(
  db: Db,
  project: ReferenceProject & AgreementProject,
  userId: string,
  opts: { limit?: number; now?: Date } = {},
): Promise<AnnotatorSummary> {
  const [refs, readsPerDay, agreement] = await Promise.all([
    getScanReferences(db, project),
    getReadsPerAnnotator(db, { projectId: project.id, authorId: userId, now: opts.now }),
    getProjectAgreement(db, project, { bootstrap: 0 }),
  ]);
  const mine: Omit<MyRead, 'originalName'>[] = [];
  const overruled: Omit<Overruled, 'originalName'>[] = [];
  for (const [scanId, rows] of refs.rowsByScan) {
    const heads = chainHeads(rows);
    const read = heads.get(readChainKey(userId));
    if (!read?.value) continue;
    const ref = refs.byScan.get(scanId);
    const reference = ref?.label ?? null;
    mine.push({
      scanId,
      labels: read.value.labels,
      at: read.createdAt,
      action: read.action,
      status: ref?.status ?? 'unlabelled',
      reference,
      referenceRule: ref?.rule ?? null,
      agrees: reference === null ? null : sameValue(read.value, { labels: [reference] }),
    });
    const adjudication = heads.get(REFERENCE_CHAIN);
    if (adjudication?.value && !sameValue(adjudication.value, read.value)) {
      overruled.push({
        scanId,
        myLabels: read.value.labels,
        adjudicated: adjudication.value.labels,
        adjudicatedBy: adjudication.authorName,
        adjudicatedAt: adjudication.createdAt,
      });
    }
  }
  mine.sort((a, b) => b.at.localeCompare(a.at));
  overruled.sort((a, b) => b.adjudicatedAt.localeCompare(a.adjudicatedAt));
  const shown = mine.slice(0, opts.limit ?? 200);
  const names = await scanNames(db, [...shown.map((r) => r.scanId), ...overruled.map((o) => o.scanId)]);
  // The agreement report names readers as readerDisplayNames does, over every author.
  const displayName = readerDisplayNames(new Map(refs.rows.map((r) => [r.authorId, r.authorName]))).get(userId);
  const me = agreement.report.consensus.reader_vs_consensus.find((r) => r.reader === displayName);
  return {
    counts: { currentReads: mine.length, rowsWritten: refs.rows.filter((r) => r.authorId === userId).length },
    consensus: me
      ? {
          source: agreement.report.consensus.source,
          compared: me.n,
          agreement: me.agreement,
          categories: me.categories,
          counts: me.counts,
        }
      : null,
    reads: shown.map((r) => ({ ...r, originalName: names.get(r.scanId) ?? r.scanId })),
    overruled: overruled.map((o) => ({ ...o, originalName: names.get(o.scanId) ?? o.scanId })),
    readsPerDay,
  };
}

async function scanNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const scans = await findScanNames(db, ids);
  return new Map(scans.map((s) => [s.id, s.originalName]));
}
