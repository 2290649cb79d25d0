import { readFile, stat } from 'node:fs/promises';
import { isAppError } from '@/lib/errors/app-error';
import { canonicalSamples, type CanonicalSamples } from '@/lib/imaging/canonical-samples';
import { inferFromLayout } from '@/lib/imaging/dataset-layout';
import type { ImportOutcome, ScanSplit } from '@/lib/imaging/import-report';
import type { LabelIndex } from '@/lib/imaging/label-index';
import { importRejection, rejectReasonOf } from '@/lib/imaging/reject-reasons';
import { safeRelativeName } from '@/lib/imaging/safe-name';
import { hasImageExtension, sniffImageKind, type ImageKind } from '@/lib/imaging/sniff';
import type { DecodedImage } from '@/lib/imaging/types';
import { contentHashOf, fileHashOf } from './content-hash';
import { decodeImageBuffer } from './decode-file';
import type { ImportItem, ImportOptions, ScanSink } from './import-port';
import { storeScanFiles } from './store-scan-files';
import type { ScanStorage } from './scan-storage';

export interface ImportContext {
  options: ImportOptions;
  sink: ScanSink;
  storage: ScanStorage;
  labels: LabelIndex;
  /** Content hashes claimed in this run, so two copies in one batch are one scan. */
  inflight: Map<string, Promise<{ id: string; isNew: boolean }>>;
}

export interface ItemResult {
  outcomes: ImportOutcome[];
  labelsAttached: number;
}

const extensionOf: Record<ImageKind, string> = { dicom: '.dcm', png: '.png', jpeg: '.jpg' };

/** One file: refused with a reason, skipped, or one outcome per frame. Only sink/storage failures throw. */
export async function importOneItem(item: ImportItem, ctx: ImportContext): Promise<ItemResult> {
  let name = item.name;
  let bytes: Uint8Array;
  let images: DecodedImage[];
  let kind: ImageKind | undefined;
  try {
    if (item.unsafeReason) throw importRejection('unsafe-path', item.unsafeReason);
    name = safeRelativeName(item.name);
    bytes = item.bytes ?? (await readItem(item, ctx.options.maxPixels));
    kind = sniffImageKind(bytes);
    if (!kind && !hasImageExtension(name)) return { outcomes: [{ status: 'skipped', file: name, message: 'not an image file' }], labelsAttached: 0 };
    images = await decodeImageBuffer(bytes, name, { maxPixels: ctx.options.maxPixels });
  } catch (e) {
    const reason = rejectReasonOf(e);
    ctx.options.logger?.info({ file: name, reason }, 'import rejected a file');
    return { outcomes: [{ status: 'rejected', file: name, reason, message: e instanceof Error ? e.message : String(e) }], labelsAttached: 0 };
  }
  const fileHash = fileHashOf(bytes);
  const result: ItemResult = { outcomes: [], labelsAttached: 0 };
  for (const image of images) await importFrame({ ctx, name, bytes, fileHash, kind: kind ?? 'dicom', image }, result);
  return result;
}

/** No valid image is larger than 8 bytes a pixel plus headers: bigger files are refused unread. */
async function readItem(item: ImportItem, maxPixels: number): Promise<Uint8Array> {
  const filePath = item.filePath ?? '';
  try {
    const { size } = await stat(filePath);
    const maxBytes = maxPixels * 8 + 16 * 1024 * 1024;
    if (size > maxBytes) throw importRejection('too-many-pixels', `file is ${size} bytes, more than ${maxPixels} pixels can take`);
    return await readFile(filePath);
  } catch (e) {
    if (isAppError(e)) throw e;
    throw importRejection('read-failed', `cannot read file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

interface FrameInput {
  ctx: ImportContext;
  name: string;
  bytes: Uint8Array;
  fileHash: string;
  kind: ImageKind;
  image: DecodedImage;
}

async function importFrame(f: FrameInput, result: ItemResult): Promise<void> {
  const { ctx, name, image } = f;
  const samples = canonicalSamples(image.pixels);
  const contentHash = contentHashOf(image, samples);
  const layout = inferFromLayout(name);
  const row = ctx.labels.lookup(name, contentHash);
  const label = row?.label ?? layout.label;
  const split = splitFor(ctx.options.split, layout.split);
  const claimed = !ctx.inflight.has(contentHash);
  if (claimed) ctx.inflight.set(contentHash, findOrCreate(f, { contentHash, samples }, split));
  const scan = await ctx.inflight.get(contentHash)!;
  const id = scan.id;
  const isNew = claimed && scan.isNew;
  if (label) {
    const origin = row ? 'csv' : 'folder';
    await ctx.sink.addPriorLabel(id, label, { kind: 'import', origin, file: name, idempotencyKey: `import:${contentHash}:${label}` });
    result.labelsAttached++;
  }
  const frame = { file: name, frameIndex: image.frameIndex, scanId: id, contentHash, label };
  result.outcomes.push(isNew ? { status: 'imported', ...frame, split } : { status: 'duplicate', ...frame });
}

async function findOrCreate(f: FrameInput, key: { contentHash: string; samples: CanonicalSamples }, split: ScanSplit): Promise<{ id: string; isNew: boolean }> {
  const { contentHash } = key;
  const { sink } = f.ctx;
  const found = await sink.findScanByContentHash(contentHash);
  if (found) return { id: found.id, isNew: false };
  const files = await storeScanFiles(f.ctx.storage, { ...f, ...key, ext: extensionOf[f.kind] });
  try {
    const saved = await sink.saveScan({
      ...files,
      contentHash,
      fileHash: f.fileHash,
      originalName: f.name,
      modality: f.image.modality,
      width: f.image.width,
      height: f.image.height,
      frameIndex: f.image.frameIndex ?? null,
      dicomMeta: f.kind === 'dicom' ? f.image.meta : null,
      split,
      importBatchId: f.ctx.options.importBatchId,
    });
    return { id: saved.id, isNew: true };
  } catch (e) {
    // A concurrent import saved the same pixels first: that one is the scan.
    const again = isAppError(e) && e.code === 'CONFLICT' ? await sink.findScanByContentHash(contentHash) : null;
    if (again) return { id: again.id, isNew: false };
    throw e;
  }
}

function splitFor(requested: ImportOptions['split'], fromLayout: ScanSplit | undefined): ScanSplit {
  if (requested === 'auto') return fromLayout ?? 'POOL';
  return ({ train: 'TRAIN', validation: 'VALIDATION', test: 'TEST', pool: 'POOL' } as const)[requested];
}
