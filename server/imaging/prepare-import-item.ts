import { readFileSync, statSync } from 'node:fs';
import { isAppError } from '@/lib/errors/app-error';
import { canonicalSamples } from '@/lib/imaging/canonical-samples';
import { encodePreview } from '@/lib/imaging/preview-format';
import { importRejection, rejectReasonOf, type RejectReason } from '@/lib/imaging/reject-reasons';
import { hasImageExtension, sniffImageKind, type ImageKind } from '@/lib/imaging/sniff';
import type { DecodedImage } from '@/lib/imaging/types';
import { contentHashOf, fileHashOf } from './content-hash';
import { decodeImageBuffer } from './decode-file';
import { renderThumbnailPng } from './thumbnail';

/** One file to prepare: its (already checked) name, and its path on disk or its bytes. */
export interface PrepareInput {
  name: string;
  filePath?: string;
  bytes?: Uint8Array;
  maxPixels: number;
}

/** A frame ready to store: what the importer writes if it is a new scan, and its row's fields. */
export interface PreparedFrame {
  contentHash: string;
  image: Omit<DecodedImage, 'pixels'>;
  /** The preview file's bytes (lib/imaging/preview-format). */
  preview: Uint8Array;
  /** The grid thumbnail PNG. */
  thumbnail: Uint8Array;
}

export type PreparedItem =
  | { status: 'skipped'; message: string }
  | { status: 'rejected'; reason: RejectReason; message: string }
  /** `bytes`: the file as read, when it came as a path. */
  | { status: 'decoded'; kind: ImageKind; fileHash: string; frames: PreparedFrame[]; bytes?: Uint8Array };

/**
 * The CPU-heavy part of importing a file: read, sniff, decode, both hashes, and the preview
 * and thumbnail encoded (storeScanFiles writes them, for new scans only, once the importer
 * has claimed the content hash). Made for a decode worker (it blocks on file I/O), and run
 * inline where there are none. A file that cannot be read or decoded comes back rejected with
 * a reason; anything else that fails (hashing, encoding) throws and stops the import.
 */
export async function prepareImportItem(input: PrepareInput): Promise<PreparedItem> {
  let bytes: Uint8Array;
  let kind: ImageKind | undefined;
  let images: DecodedImage[];
  try {
    bytes = input.bytes ?? readItem(input.filePath ?? '', input.maxPixels);
    kind = sniffImageKind(bytes);
    if (!kind && !hasImageExtension(input.name)) return { status: 'skipped', message: 'not an image file' };
    images = await decodeImageBuffer(bytes, input.name, { maxPixels: input.maxPixels });
  } catch (e) {
    return { status: 'rejected', reason: rejectReasonOf(e), message: e instanceof Error ? e.message : String(e) };
  }
  const frames = images.map((image): PreparedFrame => {
    const samples = canonicalSamples(image.pixels);
    const { pixels: _pixels, ...info } = image;
    return {
      contentHash: contentHashOf(image, samples),
      image: info,
      preview: encodePreview(image, samples),
      thumbnail: renderThumbnailPng(image),
    };
  });
  // decodeImageBuffer only returns for a sniffed kind.
  return {
    status: 'decoded',
    kind: kind ?? 'dicom',
    fileHash: fileHashOf(bytes),
    frames,
    bytes: input.bytes ? undefined : bytes,
  };
}

/**
 * No valid image is larger than 8 bytes a pixel plus headers: bigger files are refused unread.
 * Synchronous like the store (see scan-storage): a 512 KB read costs 0.12 ms of CPU instead of 0.85.
 */
function readItem(filePath: string, maxPixels: number): Uint8Array {
  try {
    const { size } = statSync(filePath);
    const maxBytes = maxPixels * 8 + 16 * 1024 * 1024;
    if (size > maxBytes)
      throw importRejection('too-many-pixels', `file is ${size} bytes, more than ${maxPixels} pixels can take`);
    return readFileSync(filePath);
  } catch (e) {
    if (isAppError(e)) throw e;
    throw importRejection('read-failed', `cannot read file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}
