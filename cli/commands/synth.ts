import path from 'node:path';
import { z } from 'zod';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';
import { parseFlags } from '../flags';
import { createProgressBar, printJson, printTable } from '../output';
import type { CliCommand } from '../types';

const synthFlagsSchema = z.object({
  kind: z.enum(['ct-hemorrhage', 'mri-tumor']),
  count: z.coerce.number().int().positive().max(1_000_000),
  out: z.string().min(1),
  seed: z.coerce.number().int().default(1),
  difficulty: z.coerce.number().min(0).max(1).default(0.5),
  size: z.coerce.number().int().min(32).max(2048).optional(),
  'test-fraction': z.coerce.number().min(0).max(1).default(0.2),
  prevalence: z.coerce.number().min(0).max(1).default(0.5),
  syntax: z.enum(['explicit-le', 'jpeg-lossless']).default('explicit-le'),
  masks: z.boolean().default(false),
  json: z.boolean().default(false),
});

export const command: CliCommand = {
  name: 'synth',
  summary: 'Generate labelled synthetic head CT (DICOM) or brain MRI (PNG) scans',
  help: `Usage: neuroloop synth --kind ct-hemorrhage|mri-tumor --count N --out DIR [--seed S] [--difficulty 0..1]

Writes a deterministic synthetic dataset (the same seed gives the same files) and DIR/labels.csv
with columns file,label,subtypes.

  ct-hemorrhage  axial head CT slices in HU as DICOM (CT, RescaleIntercept -1024): labels
                 hemorrhage|normal, subtypes epidural;subdural;intraparenchymal;subarachnoid;intraventricular
  mri-tumor      T1-like slices as PNG in DIR/Training/<class>/ and DIR/Testing/<class>/ for
                 glioma, meningioma, pituitary, notumor

Flags:
  --kind KIND            ct-hemorrhage or mri-tumor (required)
  --count N              number of scans (required)
  --out DIR              output folder (required)
  --seed S               integer seed (default 1)
  --difficulty D         0 (large, bright lesions, little noise) .. 1 (small, faint, noisy); default 0.5
  --size PX              pixels per side (default 512 for CT, 256 for MRI)
  --prevalence P         CT: share of slices with a hemorrhage (default 0.5)
  --test-fraction F      MRI: share written under Testing/ (default 0.2)
  --syntax S             CT: explicit-le (default) or jpeg-lossless
  --masks                also write lesion masks as PNG under DIR/masks/
  --json                 print the summary as JSON
`,
  async run(args, io) {
    const { flags } = parseFlags(
      args,
      {
        kind: { type: 'string' },
        count: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        difficulty: { type: 'string' },
        size: { type: 'string' },
        'test-fraction': { type: 'string' },
        prevalence: { type: 'string' },
        syntax: { type: 'string' },
        masks: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      synthFlagsSchema,
    );
    const bar = flags.json ? undefined : createProgressBar(io, 'synth');
    const result = await writeSynthDataset(
      { ...flags, outDir: path.resolve(flags.out), testFraction: flags['test-fraction'] },
      (done, total) => bar?.update(done, total),
    );
    if (flags.json) {
      printJson(io, { ok: true, ...result });
      return 0;
    }
    bar?.done(`Wrote ${result.files} scans to ${result.outDir} (labels: ${result.labelsCsv})`);
    printTable(io, Object.entries(result.counts).map(([label, count]) => ({ label, count })));
    return 0;
  },
};
