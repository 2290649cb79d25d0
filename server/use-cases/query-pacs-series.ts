import type { PacsSeriesRow } from '@/lib/pacs/series-row';
import { pacsFilterSchema, type PacsFilter } from '@/lib/pacs/source-schema';
import type { Db } from '@/server/store/handle';
import { listPacsSeriesByUids } from '@/server/store/pacs';
import { jsonInt, jsonString, tags } from '@/server/pacs/dicom-json';
import { connectSource, type PacsContext } from '@/server/pacs/pacs-context';
import { seriesQuery } from '@/server/pacs/qido-query';
import { toSeriesImport } from '@/server/pacs/to-series-import';
import { getPacsSourceOrThrow } from './get-pacs-source-or-throw';

const PAGE = 200;

/**
 * The series on a source's PACS that match its filter (or the one given), QIDO-RS page by
 * page up to `max`, each with what NeuroLoop already imported of it.
 */
export async function queryPacsSeries(
  db: Db,
  ctx: PacsContext,
  input: { projectId: string; sourceId: string; filter?: PacsFilter; max?: number },
): Promise<{ series: PacsSeriesRow[]; truncated: boolean }> {
  const source = await getPacsSourceOrThrow(db, input.projectId, input.sourceId);
  const filter = input.filter ?? pacsFilterSchema.parse(source.filter);
  const client = connectSource(ctx, source);
  const max = input.max ?? 1000;
  const found: PacsSeriesRow[] = [];
  let truncated = false;
  for (let offset = 0; ; offset += PAGE) {
    const page = await client.searchSeries(seriesQuery(filter, { limit: PAGE, offset }));
    for (const ds of page) {
      const seriesInstanceUid = jsonString(ds, tags.SeriesInstanceUID);
      if (!seriesInstanceUid) continue;
      found.push({
        studyInstanceUid: jsonString(ds, tags.StudyInstanceUID),
        seriesInstanceUid,
        studyDate: jsonString(ds, tags.StudyDate),
        studyDescription: jsonString(ds, tags.StudyDescription),
        seriesDescription: jsonString(ds, tags.SeriesDescription),
        seriesNumber: jsonInt(ds, tags.SeriesNumber),
        modality: jsonString(ds, tags.Modality),
        instances: jsonInt(ds, tags.NumberOfSeriesRelatedInstances),
        import: null,
      });
    }
    if (found.length >= max) {
      truncated = page.length === PAGE || found.length > max;
      found.length = Math.min(found.length, max);
      break;
    }
    if (page.length < PAGE) break;
  }
  const imports = await listPacsSeriesByUids(
    db,
    source.id,
    found.map((s) => s.seriesInstanceUid),
  );
  const byUid = new Map(imports.map((r) => [r.seriesInstanceUid, r]));
  for (const s of found) {
    const r = byUid.get(s.seriesInstanceUid);
    if (r) s.import = toSeriesImport(r);
  }
  found.sort((a, b) => b.studyDate.localeCompare(a.studyDate) || (a.seriesNumber ?? 0) - (b.seriesNumber ?? 0));
  return { series: found, truncated };
}
