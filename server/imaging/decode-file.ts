import { readFile } from 'node:fs/promises';
import { importRejection } from '@/lib/imaging/reject-reasons';
import { hasEndMarker, sniffImageKind } from '@/lib/imaging/sniff';
import type { DecodedImage } from '@/lib/imaging/types';
import { decodeDicom, type DecodeOptions } from './decode-dicom';
import { decodeRaster } from './decode-raster';

export type { DecodeOptions };

/**
 * Decodes PNG, JPEG or DICOM Part 10 bytes to one DecodedImage per frame. Failures are
 * AppErrors whose details.reason is a RejectReason (see lib/imaging/reject-reasons).
 * `name` is only used in messages: the format is sniffed from the bytes.
 */
export async function decodeImageBuffer(
  bytes: Uint8Array,
  name: string,
  opts: DecodeOptions = {},
): Promise<DecodedImage[]> {
  const kind = sniffImageKind(bytes);
  if (kind === 'dicom') return decodeDicom(bytes, opts);
  if (kind === 'png' || kind === 'jpeg') {
    if (!hasEndMarker(kind, bytes))
      throw importRejection(
        'truncated',
        `${name} is cut off: no ${kind === 'png' ? 'IEND chunk' : 'EOI marker'} at the end`,
      );
    return decodeRaster(bytes, opts);
  }
  throw importRejection('not-an-image', `${name} is not a PNG, JPEG or DICOM Part 10 file`);
}

export async function decodeImageFile(filePath: string, opts: DecodeOptions = {}): Promise<DecodedImage[]> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(filePath);
  } catch (e) {
    throw importRejection('read-failed', `cannot read ${filePath}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return decodeImageBuffer(bytes, filePath, opts);
}
