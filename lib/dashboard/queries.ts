import { z } from 'zod';
import { modelKindSchema } from '@/lib/schemas/project';

/** ?kind= on the dashboard: which model kind's confusion matrix and ROC to show. */
export const dashboardQuerySchema = z.object({ kind: modelKindSchema.optional().catch(undefined) });

/** The scans behind one confusion cell of a version's evaluation. */
export const confusionCellQuerySchema = z.object({
  version: z.string().min(1).max(64),
  true: z.string().min(1).max(200),
  pred: z.string().min(1).max(200),
});
export type ConfusionCellQuery = z.infer<typeof confusionCellQuerySchema>;

export const exportWhatSchema = z.enum(['labels', 'metrics', 'model']);
export const exportFormatSchema = z.enum(['csv', 'json', 'tfjs']);

/**
 * What to export, for the CLI and the UI alike. Labels and metrics are csv or json; a model
 * is a tfjs artifact (json: its card alone) and needs a kind; without a version, the kind's
 * active version.
 */
export const exportRequestSchema = z
  .object({
    what: exportWhatSchema,
    format: exportFormatSchema,
    kind: modelKindSchema.optional(),
    version: z.coerce.number().int().positive().optional(),
  })
  .superRefine((r, ctx) => {
    const allowed = r.what === 'model' ? ['tfjs', 'json'] : ['csv', 'json'];
    if (!allowed.includes(r.format)) {
      ctx.addIssue({
        code: 'custom',
        path: ['format'],
        message: `--what ${r.what} exports as ${allowed.join(' or ')}`,
      });
    }
    if (r.what === 'model' && !r.kind)
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'a model export needs --kind CNN|RESNET|RESNET50' });
  });
export type ExportRequest = z.infer<typeof exportRequestSchema>;

/** Link to the scans behind a confusion cell. */
export function confusionCellHref(slug: string, q: ConfusionCellQuery): string {
  const params = new URLSearchParams({ version: q.version, true: q.true, pred: q.pred });
  return `/projects/${encodeURIComponent(slug)}/dashboard/confusion?${params.toString()}`;
}
