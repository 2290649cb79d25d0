import { reportState, type PacsReportView } from '@/lib/pacs/report-view';
import type { Db } from '@/server/store/handle';
import { listProjectPacsReports, listReportAuthors } from '@/server/store/pacs';

/** The reports sent (or tried) to the project's PACS sources, newest first, with their state and error. */
export async function listPacsReports(db: Db, projectId: string, limit = 100): Promise<PacsReportView[]> {
  const rows = await listProjectPacsReports(db, projectId, limit);
  const authorIds = [...new Set(rows.map((r) => r.createdById).filter((id): id is string => id !== null))];
  const authors = new Map((await listReportAuthors(db, authorIds)).map((u) => [u.id, u.name]));
  return rows.map((r) => ({
    id: r.id,
    scanId: r.scanId,
    scanName: r.scan.originalName,
    source: r.source.name,
    label: r.label,
    state: reportState(r.state),
    error: r.error,
    withModel: r.modelVersionId !== null,
    withGradCam: r.captureSopInstanceUid !== null,
    sopInstanceUid: r.sopInstanceUid,
    sentBy: r.createdById ? (authors.get(r.createdById) ?? null) : null,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  }));
}
