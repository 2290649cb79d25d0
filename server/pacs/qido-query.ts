import type { PacsFilter } from '@/lib/pacs/source-schema';
import { tags } from './dicom-json';

/** Attributes asked for in series searches (beyond the required ones). */
const seriesFields = [
  tags.StudyDate,
  tags.StudyDescription,
  tags.SeriesDescription,
  tags.SeriesNumber,
  tags.Modality,
  tags.NumberOfSeriesRelatedInstances,
].join(',');

/** A source's filter as QIDO-RS series query parameters (study attributes match relationally). */
export function seriesQuery(filter: PacsFilter, page: { limit: number; offset: number }): Record<string, string> {
  const q: Record<string, string> = {
    includefield: seriesFields,
    limit: String(page.limit),
    offset: String(page.offset),
  };
  if (filter.modality) q.Modality = filter.modality;
  if (filter.studyDescription) q.StudyDescription = filter.studyDescription;
  if (filter.dateFrom || filter.dateTo) {
    const d = (s?: string) => (s ? s.replaceAll('-', '') : '');
    q.StudyDate = `${d(filter.dateFrom)}-${d(filter.dateTo)}`;
  }
  return q;
}
