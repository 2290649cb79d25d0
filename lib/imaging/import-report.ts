import { z } from 'zod';
import { rejectReasonSchema } from './reject-reasons';

/** The Scan.split values of the database (Prisma enum Split). */
export const scanSplitSchema = z.enum(['TRAIN', 'VALIDATION', 'TEST', 'POOL']);
export type ScanSplit = z.infer<typeof scanSplitSchema>;

/** What the caller asks for: a fixed split, or `auto` (Training/ and Testing/ folders, else pool). */
export const importSplitSchema = z.enum(['train', 'validation', 'test', 'pool', 'auto']);
export type ImportSplit = z.infer<typeof importSplitSchema>;

const frameFields = { file: z.string(), frameIndex: z.number().int().nonnegative().optional() };

/** One result per image (per frame for multi-frame files), per rejected file, per skipped file. */
export const importOutcomeSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('imported'),
    ...frameFields,
    scanId: z.string(),
    contentHash: z.string(),
    split: scanSplitSchema,
    label: z.string().optional(),
  }),
  z.object({
    status: z.literal('duplicate'),
    ...frameFields,
    scanId: z.string(),
    contentHash: z.string(),
    label: z.string().optional(),
  }),
  z.object({ status: z.literal('rejected'), file: z.string(), reason: rejectReasonSchema, message: z.string() }),
  z.object({ status: z.literal('skipped'), file: z.string(), message: z.string() }),
]);
export type ImportOutcome = z.infer<typeof importOutcomeSchema>;

/** Sent after each file: live progress for the CLI bar and the upload page (over Socket.IO). */
export const importProgressSchema = z.object({
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  file: z.string(),
  outcomes: z.array(importOutcomeSchema),
});
export type ImportProgress = z.infer<typeof importProgressSchema>;

export const importSummarySchema = z.object({
  files: z.number().int().nonnegative(),
  imported: z.number().int().nonnegative(),
  duplicate: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  labelsAttached: z.number().int().nonnegative(),
  rejectedByReason: z.partialRecord(rejectReasonSchema, z.number().int().positive()),
  outcomes: z.array(importOutcomeSchema),
  durationMs: z.number().nonnegative(),
});
export type ImportSummary = z.infer<typeof importSummarySchema>;

export function summarizeOutcomes(
  files: number,
  outcomes: ImportOutcome[],
  labelsAttached: number,
  durationMs: number,
): ImportSummary {
  const count = (s: ImportOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  const rejectedByReason: ImportSummary['rejectedByReason'] = {};
  for (const o of outcomes)
    if (o.status === 'rejected') rejectedByReason[o.reason] = (rejectedByReason[o.reason] ?? 0) + 1;
  return {
    files,
    imported: count('imported'),
    duplicate: count('duplicate'),
    rejected: count('rejected'),
    skipped: count('skipped'),
    labelsAttached,
    rejectedByReason,
    outcomes,
    durationMs,
  };
}
