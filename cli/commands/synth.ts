import path from 'node:path';
import { z } from 'zod';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';
import { defineCommand } from '../command';
import { flag, jsonFlag } from '../flags';
import { createProgressBar, printJson, printTable } from '../output';

const synthFlagsSchema = z.object({
  kind: flag(
    z.enum(['ct-hemorrhage', 'mri-tumor']),
    'ct-hemorrhage: axial head CT slices in HU as DICOM; mri-tumor: T1-like slices as PNG',
    'KIND',
  ),
  count: flag(z.coerce.number().int().positive().max(1_000_000), 'number of scans', 'N'),
  out: flag(z.string().min(1), 'output folder', 'DIR'),
  seed: flag(z.coerce.number().int().default(1), 'integer seed: the same seed gives the same files', 'S'),
  difficulty: flag(
    z.coerce.number().min(0).max(1).default(0.5),
    '0 (large, bright lesions, little noise) .. 1 (small, faint, noisy)',
    'D',
  ),
  size: flag(
    z.coerce.number().int().min(32).max(2048).optional(),
    'pixels per side (default 512 for CT, 256 for MRI)',
    'PX',
  ),
  'test-fraction': flag(z.coerce.number().min(0).max(1).default(0.2), 'MRI: share written under Testing/', 'F'),
  prevalence: flag(z.coerce.number().min(0).max(1).default(0.5), 'CT: share of slices with a hemorrhage', 'P'),
  syntax: flag(z.enum(['explicit-le', 'jpeg-lossless']).default('explicit-le'), 'CT: DICOM transfer syntax', 'S'),
  masks: flag(z.boolean().default(false), 'also write lesion masks as PNG under DIR/masks/'),
  json: jsonFlag('print the summary as JSON'),
});

export const command = defineCommand({
  name: 'synth',
  summary: 'Generate labelled synthetic head CT (DICOM) or brain MRI (PNG) scans',
  description: `Writes a deterministic synthetic dataset and DIR/labels.csv with columns file,label,subtypes.

  ct-hemorrhage  axial head CT slices in HU as DICOM (CT, RescaleIntercept -1024): labels
                 hemorrhage|normal, subtypes epidural;subdural;intraparenchymal;subarachnoid;intraventricular
  mri-tumor      T1-like slices as PNG in DIR/Training/<class>/ and DIR/Testing/<class>/ for
                 glioma, meningioma, pituitary, notumor`,
  flags: synthFlagsSchema,
  async run({ flags, io }) {
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
    printTable(
      io,
      Object.entries(result.counts).map(([label, count]) => ({ label, count })),
    );
    return 0;
  },
});
