import { z } from 'zod';

const uid = z
  .string()
  .regex(/^[0-9]+(\.[0-9]+)*$/, 'a DICOM UID')
  .max(64);

/** The browse page's import: the series a lead ticked. */
export const importPacsSeriesRequestSchema = z.object({
  series: z
    .array(z.object({ studyInstanceUid: uid, seriesInstanceUid: uid }))
    .min(1)
    .max(500),
  /** Import again series already imported whole. */
  again: z.boolean().default(false),
});

export const sendPacsReportRequestSchema = z.object({
  scanId: z.string().min(1).max(64),
  sourceId: z.string().min(1).max(64).optional(),
  includeModel: z.boolean().default(false),
  /** The model's Grad-CAM as a secondary capture the report refers to (implies includeModel). */
  includeGradCam: z.boolean().default(false),
});
