import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { exportRequestSchema } from '@/lib/dashboard/queries';
import { exportFile } from '@/server/export/export-file';
import { writeModelDir } from '@/server/export/model-artifact';
import { exportModel } from '@/server/use-cases/export-model';
import { getProjectOrThrow } from '@/server/use-cases/get-project-or-throw';
import { withDb } from '../lib/with-db';
import { parseFlags } from '../flags';
import { printJson } from '../output';
import type { CliCommand } from '../types';

const FlagsSchema = z
  .object({
    project: z.string().min(1),
    out: z.string().min(1),
    json: z.boolean().default(false),
  })
  .and(exportRequestSchema);

const options = {
  project: { type: 'string' },
  what: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  kind: { type: 'string' },
  version: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const help = `Usage: neuroloop export --project <slug> --what labels|metrics|model --format csv|json|tfjs --out PATH

Exports a project's data. No export carries patient identifiers: scans are exported by an
allow-list of fields (id, content hash, original name, modality, split).

  --what labels     every scan with each reader's current read, the consensus (reference label
                    and the rule that chose it), adjudications and the full annotation history
                    csv: one line per annotation row; json: one object per scan
  --what metrics    every model version's metrics (validation and test reports)
                    csv: one line per version and split; json: the stored metrics in full
  --what model      a model version: --format tfjs copies its tfjs artifact (model.json and
                    weights) into the directory PATH with a card.json (kind, backend,
                    hyper-parameters, label snapshot, metrics, preprocessing);
                    --format json writes the card alone
  --kind <kind>     with --what model: CNN | RESNET | RESNET50
  --version <n>     with --what model: the version (default: the kind's active version)
  --out PATH        the file to write (for a tfjs model: a new or empty directory)
  --json            print what was written as JSON
`;

export const command: CliCommand = {
  name: 'export',
  summary: 'Export labels, metrics or a model (csv, json, tfjs)',
  help,
  async run(args, io) {
    const { flags } = parseFlags(args, options, FlagsSchema);
    const out = path.resolve(flags.out);
    const written = await withDb(async ({ db, config }) => {
      const project = await getProjectOrThrow(db, flags.project);
      if (flags.what === 'model' && flags.format === 'tfjs') {
        const exp = await exportModel(db, project, { kind: flags.kind!, version: flags.version, storageDir: config.storageDir });
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
      const counts = Object.entries(written).map(([k, v]) => `${k} ${v}`).join(', ');
      io.stdout.write(`Wrote ${flags.what} (${flags.format}) to ${out}: ${counts}\n`);
    }
    return 0;
  },
};
