import { isAppError } from '@/lib/errors/app-error';
import { inferFromLayout } from '@/lib/imaging/dataset-layout';
import type { ImportOutcome, ScanSplit } from '@/lib/imaging/import-report';
import type { LabelIndex } from '@/lib/imaging/label-index';
import { matchProjectLabel } from '@/lib/imaging/project-label';
import { importRejection, rejectReasonOf } from '@/lib/imaging/reject-reasons';
import { safeRelativeName } from '@/lib/imaging/safe-name';
import type { ImageKind } from '@/lib/imaging/sniff';
import type { DecodePool } from './decode-pool';
import type { ImportItem, ImportOptions, ScanSink } from './import-port';
import type { PreparedFrame, PreparedItem } from './prepare-import-item';

export interface ImportContext {
  options: ImportOptions;
  sink: ScanSink;
  labels: LabelIndex;
  /** Reads, decodes and hashes files, and stores new scans' files (worker threads, or this thread). */
  decoder: DecodePool;
  /** Content hashes claimed in this run, so two copies in one batch are one scan. */
  inflight: Map<string, Promise<{ id: string; isNew: boolean }>>;
}

const extensionOf: Record<ImageKind, string> = { dicom: '.dcm', png: '.png', jpeg: '.jpg' };

/** This item's place in the input order: claims of content hashes are made in that order. */
export interface ItemTurn {
  /** Resolves once every earlier item has made its claims. */
  wait(): Promise<void>;
  /** This item's claims are made (or it has none): later items may go. Calling it again does nothing. */
  pass(): void;
}

export interface ItemResult {
  outcomes: ImportOutcome[];
  labelsAttached: number;
}

/**
 * One file: refused with a reason, skipped, or one outcome per frame. Only a new scan's
 * files are written (by the decoder: original, preview, thumbnail, each atomically), all
 * before its row is saved, so a row never points at a missing or partial file.
 * Files are decoded in parallel but claim their content hashes in input order (`turn`), so
 * when one image comes twice in a batch the first copy is the scan, however the workers finish.
 * Only sink/storage failures throw.
 */
export async function importOneItem(item: ImportItem, ctx: ImportContext, turn: ItemTurn): Promise<ItemResult> {
  try {
    const prepared = await prepareItem(item, ctx);
    if (prepared.status !== 'decoded') return prepared.result;
    const { name, fileHash, kind } = prepared;
    const labelProblem = priorLabelProblem(ctx, name, prepared.frames);
    if (labelProblem) return rejected(ctx, name, { reason: 'unknown-label', message: labelProblem });
    await turn.wait();
    // Bytes the worker read are this import's own: they may move to the worker that stores them
    // (not the caller's, and not while another frame of the file may still need them).
    const original = {
      bytes: prepared.bytes ?? item.bytes ?? new Uint8Array(),
      movable: prepared.bytes !== undefined && prepared.frames.length === 1,
    };
    const frames = prepared.frames.map((frame) => claimFrame({ ctx, name, original, fileHash, kind, frame }));
    turn.pass();
    const result: ItemResult = { outcomes: [], labelsAttached: 0 };
    for (const frame of frames) await recordFrame(frame, result);
    return result;
  } finally {
    turn.pass();
  }
}

async function prepareItem(
  item: ImportItem,
  ctx: ImportContext,
): Promise<{ status: 'done'; result: ItemResult } | (PreparedItem & { status: 'decoded'; name: string })> {
  let name = item.name;
  try {
    if (item.unsafeReason) throw importRejection('unsafe-path', item.unsafeReason);
    name = safeRelativeName(item.name);
    if (item.verdict?.status === 'rejected') throw importRejection(item.verdict.reason, item.verdict.message);
    if (item.verdict?.status === 'skipped')
      return {
        status: 'done',
        result: { outcomes: [{ status: 'skipped', file: name, message: item.verdict.message }], labelsAttached: 0 },
      };
  } catch (e) {
    return {
      status: 'done',
      result: rejected(ctx, name, { reason: rejectReasonOf(e), message: e instanceof Error ? e.message : String(e) }),
    };
  }
  const prepared = await ctx.decoder.prepare({
    name,
    filePath: item.filePath,
    bytes: item.bytes,
    maxPixels: ctx.options.maxPixels,
  });
  if (prepared.status === 'skipped')
    return {
      status: 'done',
      result: { outcomes: [{ status: 'skipped', file: name, message: prepared.message }], labelsAttached: 0 },
    };
  if (prepared.status === 'rejected') return { status: 'done', result: rejected(ctx, name, prepared) };
  return { ...prepared, name };
}

function rejected(
  ctx: ImportContext,
  file: string,
  r: { reason: ReturnType<typeof rejectReasonOf>; message: string },
): ItemResult {
  ctx.options.logger?.info({ file, reason: r.reason }, 'import rejected a file');
  return { outcomes: [{ status: 'rejected', file, reason: r.reason, message: r.message }], labelsAttached: 0 };
}

/** Why a file's prior label cannot be stored (outside the project's labels), before anything is stored. */
function priorLabelProblem(ctx: ImportContext, name: string, frames: readonly PreparedFrame[]): string | null {
  const labelSet = ctx.options.projectLabels;
  if (!labelSet) return null;
  for (const frame of frames) {
    const raw = priorLabelOf(ctx, name, frame.contentHash).label;
    if (raw === undefined) continue;
    const match = matchProjectLabel(raw, labelSet);
    if (!match.ok) return match.message;
  }
  return null;
}

/** A frame's prior label as given: the labels CSV's row for it, else its folder's class. */
function priorLabelOf(ctx: ImportContext, name: string, contentHash: string) {
  const row = ctx.labels.lookup(name, contentHash);
  return row
    ? { label: row.label, origin: 'csv' as const }
    : { label: inferFromLayout(name).label, origin: 'folder' as const };
}

/** The project's spelling of a prior label already checked by priorLabelProblem. */
function projectLabelOf(ctx: ImportContext, raw: string | undefined): string | undefined {
  const labelSet = ctx.options.projectLabels;
  if (raw === undefined || !labelSet) return raw;
  const match = matchProjectLabel(raw, labelSet);
  return match.ok ? match.label : undefined;
}

interface FrameInput {
  ctx: ImportContext;
  name: string;
  original: { bytes: Uint8Array; movable: boolean };
  fileHash: string;
  kind: ImageKind;
  frame: PreparedFrame;
}

interface ClaimedFrame {
  f: FrameInput;
  label?: string;
  origin: 'csv' | 'folder';
  split: ScanSplit;
  claimed: boolean;
  scan: Promise<{ id: string; isNew: boolean }>;
}

/** Synchronous on purpose: the claim is made before the item lets the next one claim. */
function claimFrame(f: FrameInput): ClaimedFrame {
  const { ctx, name } = f;
  const { contentHash } = f.frame;
  const layout = inferFromLayout(name);
  const prior = priorLabelOf(ctx, name, contentHash);
  const split = splitFor(ctx.options.split, layout.split);
  const claimed = !ctx.inflight.has(contentHash);
  if (claimed) {
    const scan = findOrCreate(f, split);
    // Awaited later (recordFrame, frame by frame): a failure must not count as unhandled meanwhile.
    scan.catch(() => undefined);
    ctx.inflight.set(contentHash, scan);
  }
  return {
    f,
    label: projectLabelOf(ctx, prior.label),
    origin: prior.origin,
    split,
    claimed,
    scan: ctx.inflight.get(contentHash)!,
  };
}

async function recordFrame(c: ClaimedFrame, result: ItemResult): Promise<void> {
  const { ctx, name } = c.f;
  const { contentHash, image } = c.f.frame;
  const { label, split } = c;
  const scan = await c.scan;
  const id = scan.id;
  const isNew = c.claimed && scan.isNew;
  if (label) {
    await ctx.sink.addPriorLabel(id, label, {
      kind: 'import',
      origin: c.origin,
      file: name,
      idempotencyKey: `import:${contentHash}:${label}`,
    });
    result.labelsAttached++;
  }
  const frame = { file: name, frameIndex: image.frameIndex, scanId: id, contentHash, label };
  result.outcomes.push(isNew ? { status: 'imported', ...frame, split } : { status: 'duplicate', ...frame });
}

async function findOrCreate(f: FrameInput, split: ScanSplit): Promise<{ id: string; isNew: boolean }> {
  const { contentHash, image, preview, thumbnail } = f.frame;
  const { sink, decoder, options } = f.ctx;
  const found = await sink.findScanByContentHash(contentHash);
  if (found) return { id: found.id, isNew: false };
  const { bytes, movable } = f.original;
  const files = await decoder.storeScanFiles(
    {
      storageDir: options.storageDir,
      fileHash: f.fileHash,
      ext: extensionOf[f.kind],
      bytes,
      contentHash,
      preview,
      thumbnail,
    },
    { moveBytes: movable },
  );
  try {
    const saved = await sink.saveScan({
      ...files,
      contentHash,
      fileHash: f.fileHash,
      originalName: f.name,
      modality: image.modality,
      width: image.width,
      height: image.height,
      frameIndex: image.frameIndex ?? null,
      seriesKey: seriesKeyOf(f.name, f.kind === 'dicom' ? image.meta : null),
      dicomMeta: f.kind === 'dicom' ? image.meta : null,
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

/** The DICOM series when the file names one, else the folder the file came from. */
export function seriesKeyOf(name: string, dicomMeta: Record<string, unknown> | null | undefined): string {
  const uid = dicomMeta?.SeriesInstanceUID;
  if (typeof uid === 'string' && uid.trim() !== '') return uid.trim();
  const slash = name.lastIndexOf('/');
  return slash > 0 ? name.slice(0, slash) : '';
}

function splitFor(requested: ImportOptions['split'], fromLayout: ScanSplit | undefined): ScanSplit {
  if (requested === 'auto') return fromLayout ?? 'POOL';
  return ({ train: 'TRAIN', validation: 'VALIDATION', test: 'TEST', pool: 'POOL' } as const)[requested];
}
