import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '@/lib/errors/app-error';
import { inferFromLayout } from '@/lib/imaging/dataset-layout';
import { parseLabelsCsv } from '@/lib/imaging/labels-csv';
import type { DecodedImage } from '@/lib/imaging/types';
import { fileTraitsOf } from '@/lib/learn/file-traits';
import { shrinkToFit } from '@/trainer/data/resize';
import type { LabelledImage } from '@/trainer/data/types';

/** Bytes to frames; `name` is for messages (server/imaging decodeImageBuffer fits). */
export type ImageDecoder = (bytes: Uint8Array, name: string) => Promise<DecodedImage[]>;

export interface FolderDataset {
  labels: string[];
  /** 'split': Training/ and Testing/ folders (or --test); 'flat': one pool for K-fold. */
  layout: 'split' | 'flat';
  train: LabelledImage[];
  test: LabelledImage[];
  /** Files that were not images or could not be decoded. */
  skipped: { file: string; reason: string }[];
}

interface Entry {
  file: string;
  label: string;
  split?: 'TRAIN' | 'TEST' | 'VALIDATION';
}

const imageExt = /\.(dcm|dicom|ima|png|jpe?g)$|^[^.]+$/i;

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile() && imageExt.test(e.name)) out.push(p);
  }
  return out;
}

/** Labels from a Training/Testing/<class> layout, a labels.csv, or flat <class>/ folders, in that order. */
async function labelEntries(root: string): Promise<Entry[]> {
  const files = await walk(root);
  const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
  const fromLayout = files.map((f) => ({ file: f, ...inferFromLayout(rel(f)) }));
  if (fromLayout.some((e) => e.split && e.label)) {
    return fromLayout.filter((e): e is Entry => Boolean(e.split && e.label));
  }
  const csv = await fs.readFile(path.join(root, 'labels.csv'), 'utf8').catch(() => null);
  if (csv !== null) {
    const byName = new Map(parseLabelsCsv(csv).map((r) => [r.file, r.label]));
    return files.flatMap((f) => {
      const label = byName.get(rel(f)) ?? byName.get(path.basename(f));
      return label ? [{ file: f, label }] : [];
    });
  }
  return files.filter((f) => rel(f).includes('/')).map((f) => ({ file: f, label: rel(f).split('/')[0] }));
}

async function decodeEntry(
  e: Entry,
  decode: ImageDecoder,
  maxSide: number,
): Promise<LabelledImage & { labelName: string }> {
  const bytes = await fs.readFile(e.file);
  const [first] = await decode(bytes, e.file);
  if (!first) throw new Error('no frames');
  // Kept at a modest size in raw units: training resizes again, and 1,000 512x512 CT slices would be 1 GB.
  const small = shrinkToFit(first.pixels, first.width, first.height, maxSide);
  const image: DecodedImage = { ...first, ...small };
  return {
    key: createHash('sha256').update(bytes).digest('hex'),
    label: -1,
    image,
    traits: fileTraitsOf(first, bytes.length),
    labelName: e.label,
  };
}

/**
 * A labelled dataset from a folder, no database needed: DIR/Training|Testing/<class>/...,
 * DIR/<class>/..., or files listed in DIR/labels.csv (file,label). `testDir` gives an explicit
 * held-out set. Multi-frame files contribute their first frame.
 */
export async function loadFolderDataset(
  dir: string,
  opts: { decode: ImageDecoder; testDir?: string; maxSide?: number; onFile?: (done: number, total: number) => void },
): Promise<FolderDataset> {
  const entries = await labelEntries(dir);
  const extra = opts.testDir ? (await labelEntries(opts.testDir)).map((e) => ({ ...e, split: 'TEST' as const })) : [];
  const all = [
    ...entries.map((e) => (opts.testDir && e.split === 'TEST' ? { ...e, split: 'TRAIN' as const } : e)),
    ...extra,
  ];
  if (all.length === 0)
    throw new AppError({
      code: 'BAD_REQUEST',
      message: `no labelled images found in ${dir} (expected Training/<class>/, <class>/ or labels.csv)`,
    });
  const skipped: FolderDataset['skipped'] = [];
  const decoded: (LabelledImage & { labelName: string; split?: string })[] = [];
  for (const [i, e] of all.entries()) {
    try {
      decoded.push({ ...(await decodeEntry(e, opts.decode, opts.maxSide ?? 512)), split: e.split });
    } catch (err) {
      skipped.push({ file: e.file, reason: (err as Error).message });
    }
    opts.onFile?.(i + 1, all.length);
  }
  const labels = [...new Set(decoded.map((d) => d.labelName))].sort();
  if (labels.length < 2)
    throw new AppError({
      code: 'BAD_REQUEST',
      message: `need at least two classes, found ${labels.join(', ') || 'none'}`,
    });
  const withIndex = decoded.map(({ labelName, split, ...d }) => ({ ...d, label: labels.indexOf(labelName), split }));
  const isTest = (d: { split?: string }) => d.split === 'TEST';
  const layout = withIndex.some(isTest) ? 'split' : 'flat';
  const strip = ({ split: _s, ...d }: (typeof withIndex)[number]): LabelledImage => d;
  return {
    labels,
    layout,
    train: withIndex.filter((d) => !isTest(d)).map(strip),
    test: withIndex.filter(isTest).map(strip),
    skipped,
  };
}
