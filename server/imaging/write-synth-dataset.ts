import { createHash } from 'node:crypto';
import path from 'node:path';
import sharp from 'sharp';
import { encodeDicomImage, huToStored } from '@/lib/dicom/encode-image';
import { formatLabelsCsv, type LabelRow } from '@/lib/imaging/labels-csv';
import { ctWindowPresets } from '@/lib/imaging/windows';
import { generateCtHemorrhage } from '@/lib/synth/ct-hemorrhage';
import { generateMriTumor } from '@/lib/synth/mri-tumor';
import { sampleRng } from '@/lib/synth/sample-seed';
import type { SynthSample } from '@/lib/synth/types';
import { writeFileAtomic } from './atomic-write';

export type SynthKind = 'ct-hemorrhage' | 'mri-tumor';

export interface SynthDatasetOptions {
  kind: SynthKind;
  count: number;
  outDir: string;
  seed: number;
  difficulty: number;
  /** Pixels per side: 512 (CT) and 256 (MRI) by default. */
  size?: number;
  /** MRI: fraction of samples in Testing/ (the rest in Training/). */
  testFraction?: number;
  /** CT: share of slices with a hemorrhage (default 0.5; real head CT series hold far fewer). */
  prevalence?: number;
  /** CT: DICOM transfer syntax of the files. */
  syntax?: 'explicit-le' | 'jpeg-lossless';
  /** Also write lesion masks as PNG under masks/ (for explanation tests). */
  masks?: boolean;
  /**
   * CT: slices per series (default 8). Each series is one examination: its own study and
   * SeriesInstanceUID, instances numbered 1..n, so the stack viewer reads it as a series.
   */
  slicesPerSeries?: number;
}

/** CT slices per synthetic series unless a dataset says otherwise. */
export const DEFAULT_SLICES_PER_SERIES = 8;

export interface SynthDatasetResult {
  outDir: string;
  labelsCsv: string;
  files: number;
  counts: Record<string, number>;
}

/** Writes a deterministic synthetic dataset and its labels.csv (file,label,subtypes). */
export async function writeSynthDataset(
  opts: SynthDatasetOptions,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<SynthDatasetResult> {
  const rows: LabelRow[] = [];
  const counts: Record<string, number> = {};
  for (let i = 0; i < opts.count; i++) {
    const { sample, file, bytes } = opts.kind === 'ct-hemorrhage' ? ctFile(opts, i) : await mriFile(opts, i);
    await writeFileAtomic(path.join(opts.outDir, file), bytes);
    if (opts.masks)
      await writeFileAtomic(path.join(opts.outDir, 'masks', file.replace(/\.\w+$/, '.png')), await maskPng(sample));
    rows.push({ file, label: sample.label, subtypes: sample.subtypes });
    counts[sample.label] = (counts[sample.label] ?? 0) + 1;
    onProgress(i + 1, opts.count);
  }
  const labelsCsv = path.join(opts.outDir, 'labels.csv');
  await writeFileAtomic(labelsCsv, formatLabelsCsv(rows));
  return { outDir: opts.outDir, labelsCsv, files: rows.length, counts };
}

/**
 * A reproducible UID under 2.25 for one dataset's study, series or instance: a hash of the
 * kind, seed, role and index, so that no two datasets' or roles' UIDs meet (a PACS keys on them).
 */
export function synthUid(
  opts: Pick<SynthDatasetOptions, 'kind' | 'seed'>,
  role: 'study' | 'series' | 'instance',
  index = 0,
): string {
  const digest = createHash('sha256').update(`neuroloop-synth:${opts.kind}:${opts.seed}:${role}:${index}`).digest();
  return `2.25.${BigInt(`0x${digest.subarray(0, 16).toString('hex')}`).toString()}`;
}

function ctFile(opts: SynthDatasetOptions, i: number) {
  const size = opts.size ?? 512;
  const perSeries = Math.max(1, Math.floor(opts.slicesPerSeries ?? DEFAULT_SLICES_PER_SERIES));
  const seriesIndex = Math.floor(i / perSeries);
  const uids = { study: synthUid(opts, 'study', seriesIndex), series: synthUid(opts, 'series', seriesIndex) };
  const sample = generateCtHemorrhage(opts.seed, i, {
    size,
    difficulty: opts.difficulty,
    positiveFraction: opts.prevalence,
  });
  const bytes = encodeDicomImage({
    stored: huToStored(sample.image, -1024),
    width: size,
    height: size,
    modality: 'CT',
    rescale: { slope: 1, intercept: -1024 },
    window: ctWindowPresets.brain,
    pixelSpacingMm: (0.45 * 512) / size,
    sliceThicknessMm: 5,
    uids: { ...uids, instance: synthUid(opts, 'instance', i) },
    instanceNumber: (i % perSeries) + 1,
    seriesDescription: 'NeuroLoop synthetic head CT',
    syntax: opts.syntax ?? 'explicit-le',
  });
  return { sample, file: `ct-${String(i + 1).padStart(6, '0')}.dcm`, bytes };
}

async function mriFile(opts: SynthDatasetOptions, i: number) {
  const size = opts.size ?? 256;
  const sample = generateMriTumor(opts.seed, i, { size, difficulty: opts.difficulty });
  const testing = sampleRng(opts.seed, i, 3).next() < (opts.testFraction ?? 0.2);
  const file = `${testing ? 'Testing' : 'Training'}/${sample.label}/${sample.label}-${String(i + 1).padStart(6, '0')}.png`;
  const bytes = await greyPng(Uint8Array.from(sample.image), size, size);
  return { sample, file, bytes };
}

function greyPng(pixels: Uint8Array, width: number, height: number): Promise<Buffer> {
  return sharp(pixels, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
}

function maskPng(sample: SynthSample): Promise<Buffer> {
  return greyPng(
    sample.mask.map((m) => (m ? 255 : 0)),
    sample.width,
    sample.height,
  );
}
