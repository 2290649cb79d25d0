import { z } from 'zod';

/** The last sync of a source, stored as one typed union (PacsSource.syncStatus). */
export const pacsSyncStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('running'), startedAt: z.string() }),
  z.object({
    state: z.literal('succeeded'),
    startedAt: z.string(),
    finishedAt: z.string(),
    /** Series that matched the filter on the PACS. */
    seriesFound: z.number().int(),
    /** Series imported by this run (whole, or with their failed instances listed). */
    seriesImported: z.number().int(),
    imported: z.number().int(),
    duplicate: z.number().int(),
    failed: z.number().int(),
    /** Series whose import failed as a whole in this run; retried at the next sync. */
    errors: z.array(z.object({ seriesInstanceUid: z.string(), error: z.string() })),
  }),
  z.object({ state: z.literal('failed'), startedAt: z.string(), finishedAt: z.string(), error: z.string() }),
]);
export type PacsSyncStatus = z.infer<typeof pacsSyncStatusSchema>;

/** A stored status, or null when the row holds none or one this version cannot read. */
export function readPacsSyncStatus(value: unknown): PacsSyncStatus | null {
  const parsed = pacsSyncStatusSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
