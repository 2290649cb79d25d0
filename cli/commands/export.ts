import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { exportRequestSchema } from '@/lib/dashboard/queries';
import { exportFile } from '@/server/export/export-file';
import { writeModelDir } from '@/server/export/model-artifact';
import { exportModel } from '@/server/use-cases/export-model';
import { getProjectOrThrow } from '@/server/use-cases/get-project-or-throw';
import { withDb } from '../lib/with-db';
import { defineCommand } from '../command';
import { flag, jsonFlag } from '../flags';
import { printJson } from '../output';

const request = exportRequestSchema.shape;
const FlagsSchema = z
  .object({
    project: flag(z.string().min(1), 'the project', 'SLUG'),
    what: flag(
      request.what,
      "labels: every scan with each reader's current read, the consensus, adjudications and the full annotation history (csv: one line per annotation row; json: one object per scan). metrics: every model version's metrics (csv: one line per version and split; json: in full). model: a model version with its card (kind, backend, hyper-parameters, label snapshot, metrics, preprocessing)",
      'WHAT',
    ),
    format: flag(
      request.format,
      'csv or json for labels and metrics; tfjs (model.json, weights and card.json in the directory --out) or json (the card alone) for a model',
      'FORMAT',
    ),
    kind: flag(request.kind, 'with --what model: the model kind', 'KIND'),
    version: flag(request.version, "with --what model: the version (default: the kind's active version)", 'N'),
    out: flag(z.string().min(1), 'the file to write (for a tfjs model: a new or empty directory)', 'PATH'),
    json: jsonFlag('print what was written as JSON'),
  })
  .superRefine((f, ctx) => {
    const r = exportRequestSchema.safeParse(f);
    if (!r.success) for (const i of r.error.issues) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
  });

export const command = defineCommand({
  name: 'export',
  summary: 'Export labels, metrics or a model (csv, json, tfjs)',
  description: `No export carries patient identifiers: scans are exported by an allow-list of fields
(id, content hash, original name, modality, split).`,
  flags: FlagsSchema,
  async run({ flags, io }) {
    const out = path.resolve(flags.out);
    const written = await withDb(async ({ db, config }) => {
      const project = await getProjectOrThrow(db, flags.project);
      if (flags.what === 'model' && flags.format === 'tfjs') {
        const exp = await exportModel(db, project, {
          kind: flags.kind!,
          version: flags.version,
          storageDir: config.storageDir,
        });
        const files = await writeModelDir(exp, out);
        return { kind: exp.card.kind, version: exp.card.version, files: files.length };
      }
      const file = await exportFile(db, project, flags, { storageDir: config.storageDir });
      await mkdir(path.dirname(out), { recursive: true });
      await writeFile(out, file.body);
      return file.summary;
    });
    if (flags.json) printJson(io, { ok: true, what: flags.what, format: flags.format, out, ...written });
    else {
      const counts = Object.entries(written)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      io.stdout.write(`Wrote ${flags.what} (${flags.format}) to ${out}: ${counts}\n`);
    }
    return 0;
  },
});
