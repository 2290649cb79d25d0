import type { DataSet } from 'dicom-parser';
import type { PixelCodec } from '@/lib/dicom/transfer-syntaxes';
import { firstChannel, planarToInterleaved, toGreyscale } from '@/lib/imaging/greyscale';
import { importRejection } from '@/lib/imaging/reject-reasons';
import { rescaleToFloat, type StoredPixels } from '@/lib/imaging/stored-pixels';
import type { DecodedImage } from '@/lib/imaging/types';
import { parseDicomDataSet } from './dicom-dataset';
import { codecOrThrow, pixelDataElementOrThrow, readStoredFrame } from './dicom-frames';
import { readDicomHeader, readFrameTransform, type DicomHeader, type FrameTransform } from './dicom-header';

export interface DecodeOptions {
  /** Refuse images whose width*height*frames exceeds this (decompression bombs). */
  maxPixels?: number;
}

export interface DicomStoredImage {
  header: DicomHeader;
  /** Stored values per frame (samples interleaved), before the modality LUT. */
  frames: StoredPixels[];
}

/** Parses and checks a Part 10 file without decoding pixels: every refusal that needs no codec happens here. */
function openDicom(bytes: Uint8Array, opts: DecodeOptions): { ds: DataSet; header: DicomHeader } {
  const ds = parseDicomDataSet(bytes);
  pixelDataElementOrThrow(ds);
  const header = readDicomHeader(ds);
  codecOrThrow(header);
  if (header.rows <= 0 || header.columns <= 0)
    throw importRejection('decode-failed', 'DICOM image has no Rows/Columns');
  if (header.photometric === 'PALETTE COLOR') {
    throw importRejection('unsupported-syntax', 'PALETTE COLOR images are not supported (expected MONOCHROME or RGB)');
  }
  const pixels = header.rows * header.columns * header.frameCount;
  if (opts.maxPixels !== undefined && pixels > opts.maxPixels) {
    throw importRejection(
      'too-many-pixels',
      `${header.columns}x${header.rows}x${header.frameCount} = ${pixels} pixels exceeds the limit of ${opts.maxPixels}`,
    );
  }
  return { ds, header };
}

/** Stored values of every frame: what SOURCES.md-style pixel hashes are computed on. */
export async function decodeDicomStored(bytes: Uint8Array, opts: DecodeOptions = {}): Promise<DicomStoredImage> {
  const { ds, header } = openDicom(bytes, opts);
  const codec = codecOrThrow(header);
  const frames: StoredPixels[] = [];
  for (let f = 0; f < header.frameCount; f++) frames.push(await readStoredFrame(ds, header, codec, f));
  return { header, frames };
}

/** A DICOM file as one DecodedImage per frame (multi-frame files become one scan per frame). */
export async function decodeDicom(bytes: Uint8Array, opts: DecodeOptions = {}): Promise<DecodedImage[]> {
  const { ds, header } = openDicom(bytes, opts);
  const codec = codecOrThrow(header);
  const images: DecodedImage[] = [];
  for (let f = 0; f < header.frameCount; f++) {
    const stored = await readStoredFrame(ds, header, codec, f);
    images.push(
      toDecodedImage(header, codec, readFrameTransform(ds, f), stored, header.frameCount > 1 ? f : undefined),
    );
  }
  return images;
}

function toDecodedImage(
  header: DicomHeader,
  codec: PixelCodec,
  t: FrameTransform,
  stored: StoredPixels,
  frameIndex?: number,
): DecodedImage {
  const pixelCount = header.rows * header.columns;
  const hounsfield = header.modality === 'CT' && rescalesToHounsfield(t.rescaleType);
  const grey = header.samplesPerPixel === 1 ? stored : colourToGrey(header, codec, stored, pixelCount);
  const pixels = hounsfield ? rescaleToFloat(grey, t.slope, t.intercept) : rescaleToFloat(grey);
  const meta = hounsfield ? { ...header.meta, RescaleSlope: t.slope, RescaleIntercept: t.intercept } : header.meta;
  return {
    pixels,
    width: header.columns,
    height: header.rows,
    modality: header.modality,
    hounsfield,
    window: t.window,
    frameIndex,
    meta,
  };
}

/**
 * CT's modality LUT yields Hounsfield units. Enhanced CT often says so with Rescale Type
 * 'US' (unspecified) in its Pixel Value Transformation macro, so that counts too; any other
 * declared type (an OD or a percentage) does not.
 */
export function rescalesToHounsfield(rescaleType: string | undefined): boolean {
  return rescaleType === undefined || rescaleType === 'HU' || rescaleType === 'US';
}

/** JPEG codecs hand back interleaved RGB whatever the header says; only native and RLE frames keep planes and YBR. */
function colourToGrey(header: DicomHeader, codec: PixelCodec, stored: StoredPixels, pixelCount: number): Float32Array {
  const spp = header.samplesPerPixel;
  const raw = codec === 'native' || codec === 'rle';
  const interleaved = raw && header.planarConfiguration === 1 ? planarToInterleaved(stored, pixelCount, spp) : stored;
  if (raw && header.photometric.startsWith('YBR') && spp === 3) return firstChannel(interleaved, pixelCount, spp);
  return toGreyscale(interleaved, pixelCount, spp, 2 ** header.bitsStored - 1);
}
