import { z } from 'zod';

/** A DICOM date as the page and the CLI give it (YYYY-MM-DD); QIDO-RS gets YYYYMMDD. */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'not a calendar date');

/** Which studies and series a source offers: every field optional, all must match. */
export const pacsFilterSchema = z
  .object({
    /** Series modality (CT, MR, ...). */
    modality: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9]{1,16}$/, 'a DICOM modality such as CT or MR')
      .optional(),
    /** Study description; `*` and `?` are wildcards (QIDO-RS matching). */
    studyDescription: z.string().trim().min(1).max(64).optional(),
    /** Study date from (inclusive). */
    dateFrom: isoDate.optional(),
    /** Study date to (inclusive). */
    dateTo: isoDate.optional(),
  })
  .strict()
  .refine((f) => !f.dateFrom || !f.dateTo || f.dateFrom <= f.dateTo, {
    message: 'dateFrom is after dateTo',
    path: ['dateTo'],
  });
export type PacsFilter = z.infer<typeof pacsFilterSchema>;

/** How NeuroLoop signs in to the PACS. Secrets go in here and are never given back. */
export const pacsAuthInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('basic'), username: z.string().min(1).max(256), password: z.string().min(1).max(1024) }),
  z.object({ kind: z.literal('bearer'), token: z.string().min(1).max(8192) }),
]);
export type PacsAuthInput = z.infer<typeof pacsAuthInputSchema>;

export const pacsSourceNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\w .-]+$/, 'letters, digits, spaces, dots, dashes and underscores');

export const addPacsSourceSchema = z.object({
  name: pacsSourceNameSchema,
  /** The DICOMweb root, e.g. https://pacs.example.org/dicom-web (checked by lib/pacs/source-url.ts). */
  baseUrl: z.string().trim().min(1).max(2048),
  auth: pacsAuthInputSchema.default({ kind: 'none' }),
  filter: pacsFilterSchema.default({}),
  /** Minutes between automatic syncs (null: off). */
  syncIntervalMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .nullable()
    .default(null),
  sendAfterAdjudication: z.boolean().default(false),
});
export type AddPacsSourceInput = z.input<typeof addPacsSourceSchema>;

/** A change to a source: what is given is changed; auth replaces the stored secret. */
export const updatePacsSourceSchema = z
  .object({
    baseUrl: z.string().trim().min(1).max(2048),
    auth: pacsAuthInputSchema,
    filter: pacsFilterSchema,
    syncIntervalMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .nullable(),
    sendAfterAdjudication: z.boolean(),
  })
  .partial();
export type UpdatePacsSourceInput = z.infer<typeof updatePacsSourceSchema>;
