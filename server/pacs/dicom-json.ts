import type { DicomJson } from './pacs-client';

/** The first value of a tag in a DICOM JSON dataset as text ('' when absent). */
export function jsonString(ds: DicomJson, tag: string): string {
  const v = ds[tag]?.Value?.[0];
  if (v === undefined || v === null) return '';
  if (typeof v === 'object' && 'Alphabetic' in (v as object))
    return String((v as { Alphabetic: unknown }).Alphabetic ?? '');
  return String(v);
}

export function jsonInt(ds: DicomJson, tag: string): number | null {
  const n = Number(jsonString(ds, tag));
  return jsonString(ds, tag) !== '' && Number.isFinite(n) ? n : null;
}

/** DICOM tags this module reads, by keyword. */
export const tags = {
  StudyDate: '00080020',
  AccessionNumber: '00080050',
  Modality: '00080060',
  ModalitiesInStudy: '00080061',
  StudyDescription: '00081030',
  SeriesDescription: '0008103E',
  SOPClassUID: '00080016',
  SOPInstanceUID: '00080018',
  StudyInstanceUID: '0020000D',
  SeriesInstanceUID: '0020000E',
  SeriesNumber: '00200011',
  InstanceNumber: '00200013',
  NumberOfSeriesRelatedInstances: '00201209',
} as const;
