import { AppError } from '@/lib/errors/app-error';
import type { ReportStudy } from './build-report';
import { jsonString } from './dicom-json';
import type { PacsClient } from './pacs-client';

/** Patient and study attributes a report copies from its study (PS3.3 Patient and General Study modules). */
const studyAttributes = {
  PatientName: '00100010',
  PatientID: '00100020',
  PatientBirthDate: '00100030',
  PatientSex: '00100040',
  StudyDate: '00080020',
  StudyTime: '00080030',
  AccessionNumber: '00080050',
  ReferringPhysicianName: '00080090',
  StudyID: '00200010',
} as const;

/**
 * The study as the PACS holds it: NeuroLoop keeps no patient identifiers, so a report that must
 * join the patient's study takes them from the PACS for the moment it is written.
 */
export async function fetchReportStudy(client: PacsClient, studyInstanceUid: string): Promise<ReportStudy> {
  const [study] = await client.searchStudies({
    StudyInstanceUID: studyInstanceUid,
    includefield: Object.values(studyAttributes).join(','),
  });
  if (!study)
    throw new AppError({
      code: 'CONFLICT',
      message: `The PACS does not hold study ${studyInstanceUid}: send the report to the PACS the scan came from.`,
    });
  const attributes: Record<string, string> = {};
  for (const [keyword, tag] of Object.entries(studyAttributes)) attributes[keyword] = jsonString(study, tag);
  return { studyInstanceUid, attributes };
}
