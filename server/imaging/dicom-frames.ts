import dicomParser, { type DataSet, type Element } from 'dicom-parser';
import { codecForSyntax, type PixelCodec } from '@/lib/dicom/transfer-syntaxes';
import { declaredSize } from '@/lib/imaging/codestream-size';
import { importRejection } from '@/lib/imaging/reject-reasons';
import { decodeRle } from '@/lib/imaging/rle-decode';
import { toStoredPixels, type StoredPixels } from '@/lib/imaging/stored-pixels';
import type { CodecOutput } from './codecs/codec-output';
import { decodeJpegLossless } from './codecs/jpeg-lossless';
import { decodeWithWasm } from './codecs/wasm-codecs';
import type { DicomHeader } from './dicom-header';

const pixelDataKey = 'x7fe00010';

/** The pixel data element, or a rejection when the object has none (SR, presentation states, ...). */
export function pixelDataElementOrThrow(ds: DataSet): Element {
  const el = ds.elements[pixelDataKey];
  if (!el || (el.length === 0 && !el.encapsulatedPixelData)) {
    throw importRejection('no-pixel-data', 'DICOM object has no Pixel Data (7FE0,0010)');
  }
  return el;
}

export function codecOrThrow(header: DicomHeader): PixelCodec {
  const codec = codecForSyntax(header.transferSyntaxUid);
  if (!codec)
    throw importRejection('unsupported-syntax', `transfer syntax ${header.transferSyntaxUid} is not supported`);
  return codec;
}

/** Stored values of one frame, samples interleaved, before any rescale. */
export async function readStoredFrame(
  ds: DataSet,
  header: DicomHeader,
  codec: PixelCodec,
  frameIndex: number,
): Promise<StoredPixels> {
  const pixelCount = header.rows * header.columns;
  const valueCount = pixelCount * header.samplesPerPixel;
  const el = pixelDataElementOrThrow(ds);
  if (codec === 'native') return toStoredPixels(nativeFrameBytes(ds, el, header, frameIndex), header, valueCount);
  const encoded = encapsulatedFrame(ds, el, header, frameIndex);
  const bytesPerSample = header.bitsAllocated / 8;
  if (codec === 'rle') {
    return toStoredPixels(decodeRle(encoded, pixelCount, bytesPerSample, header.samplesPerPixel), header, valueCount);
  }
  assertDeclaredSize(encoded, header);
  const out = await decodeCompressed(codec, encoded, bytesPerSample);
  if (out.width !== header.columns || out.height !== header.rows || out.components !== header.samplesPerPixel) {
    throw importRejection(
      'decode-failed',
      `codestream is ${out.width}x${out.height}x${out.components}, header says ${header.columns}x${header.rows}x${header.samplesPerPixel}`,
    );
  }
  const outBytesPerSample = out.bytes.length / valueCount;
  if (outBytesPerSample !== 1 && outBytesPerSample !== 2) {
    throw importRejection('decode-failed', `decoder returned ${out.bytes.length} bytes for ${valueCount} samples`);
  }
  const bits = outBytesPerSample * 8;
  return toStoredPixels(
    out.bytes,
    { ...header, bitsAllocated: bits, bitsStored: Math.min(header.bitsStored, bits) },
    valueCount,
  );
}

/**
 * The codestream's own frame size must be the header's before anything is decoded: the
 * decoder allocates for what the codestream says (a 930-byte file whose header says 16x16
 * can declare 16000x16000), and the pixel limit was checked against the header.
 */
function assertDeclaredSize(encoded: Uint8Array, header: DicomHeader): void {
  const declared = declaredSize(encoded);
  if (!declared) throw importRejection('decode-failed', 'the compressed frame declares no image size (no SOF or SIZ)');
  const { width, height, components } = declared;
  if (width !== header.columns || height !== header.rows || components !== header.samplesPerPixel) {
    const pixels = width * height;
    // Larger than the header (whose size passed the pixel limit): a decompression bomb.
    throw importRejection(
      pixels * components > header.columns * header.rows * header.samplesPerPixel ? 'too-many-pixels' : 'decode-failed',
      `codestream declares ${width}x${height}x${components} (${pixels} pixels), header says ${header.columns}x${header.rows}x${header.samplesPerPixel}: not decoded`,
    );
  }
}

function decodeCompressed(
  codec: Exclude<PixelCodec, 'native' | 'rle'>,
  encoded: Uint8Array,
  bytesPerSample: number,
): Promise<CodecOutput> {
  if (codec === 'jpeg-lossless') return Promise.resolve(decodeJpegLossless(encoded, bytesPerSample));
  return decodeWithWasm(codec, encoded);
}

function nativeFrameBytes(ds: DataSet, el: Element, header: DicomHeader, frameIndex: number): Uint8Array {
  if (header.bitsAllocated % 8 !== 0) {
    throw importRejection(
      'unsupported-syntax',
      `BitsAllocated ${header.bitsAllocated} (bit-packed pixels) is not supported`,
    );
  }
  const frameBytes = header.rows * header.columns * header.samplesPerPixel * (header.bitsAllocated / 8);
  const start = el.dataOffset + frameIndex * frameBytes;
  const end = start + frameBytes;
  if (end > el.dataOffset + el.length || end > ds.byteArray.length) {
    throw importRejection(
      'truncated',
      `pixel data holds ${Math.max(0, ds.byteArray.length - el.dataOffset)} bytes, frame ${frameIndex} needs up to ${end - el.dataOffset}`,
    );
  }
  return ds.byteArray.subarray(start, end);
}

function encapsulatedFrame(ds: DataSet, el: Element, header: DicomHeader, frameIndex: number): Uint8Array {
  const fragments = el.fragments ?? [];
  if (!el.encapsulatedPixelData || fragments.length === 0) {
    throw importRejection('truncated', 'compressed transfer syntax but no pixel data fragments');
  }
  const last = fragments[fragments.length - 1];
  if (last.position + last.length > ds.byteArray.length) {
    throw importRejection('truncated', 'the last pixel data fragment runs past the end of the file');
  }
  if (header.frameCount === 1) {
    return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, fragments.length);
  }
  if ((el.basicOffsetTable ?? []).length > 0) return dicomParser.readEncapsulatedImageFrame(ds, el, frameIndex);
  if (fragments.length === header.frameCount) {
    return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, frameIndex, 1);
  }
  const table = dicomParser.createJPEGBasicOffsetTable(ds, el);
  return dicomParser.readEncapsulatedImageFrame(ds, el, frameIndex, table);
}
