import { reportState, type ReportableScanView } from '@/lib/pacs/report-view';
import type { Db } from '@/server/store/handle';
import { listPulledSeries, listReportsOfScans, listScansOfSeries } from '@/server/store/project-views';
import { computeTrainingLabels } from './compute-training-labels';

/**
 * Scans imported from one of the project's PACS sources that have a consensus label (the rule
 * the models train on, adjudications included): what a report can be sent for, each with its
 * latest report. Newest imports first.
 */
export async function listReportableScans(
  db: Db,
  project: { id: string; labels: string[]; consensusThreshold: number },
  limit = 100,
): Promise<ReportableScanView[]> {
  const pulled = await listPulledSeries(db, project.id);
  if (pulled.length === 0) return [];
  const sourceOf = new Map<string, string>();
  for (const p of pulled) if (!sourceOf.has(p.seriesInstanceUid)) sourceOf.set(p.seriesInstanceUid, p.source.name);
  const scans = await listScansOfSeries(db, project.id, [...sourceOf.keys()]);
  const { labels } = await computeTrainingLabels(db, project);
  const labelled = scans
    .flatMap((scan) => {
      const chosen = labels.get(scan.id);
      return chosen?.status === 'train' ? [{ scan, label: chosen.label }] : [];
    })
    .slice(0, limit);
  const reports = await listReportsOfScans(
    db,
    labelled.map((x) => x.scan.id),
  );
  const latest = new Map<string, (typeof reports)[number]>();
  for (const r of reports) if (!latest.has(r.scanId)) latest.set(r.scanId, r);
  return labelled.map(({ scan, label }) => {
    const r = latest.get(scan.id);
    return {
      scanId: scan.id,
      scanName: scan.originalName,
      label,
      source: sourceOf.get(scan.seriesKey ?? '') ?? '',
      lastReport: r ? { state: reportState(r.state), error: r.error, createdAt: r.createdAt.toISOString() } : null,
    };
  });
}
