import sharp from 'sharp';
import { isAppError } from '@/lib/errors/app-error';
import { declaredSize } from '@/lib/imaging/codestream-size';
import { toGreyscale } from '@/lib/imaging/greyscale';
import { importRejection, type RejectReason } from '@/lib/imaging/reject-reasons';
import type { DecodedImage } from '@/lib/imaging/types';
import type { DecodeOptions } from './decode-dicom';

/**
 * PNG or JPEG through sharp (libvips): one greyscale image. Colour and alpha are collapsed
 * to luminance (the original file is kept as it was); 16-bit PNGs keep their 16 bits.
 */
export async function decodeRaster(bytes: Uint8Array, opts: DecodeOptions = {}): Promise<DecodedImage[]> {
  const limit = opts.maxPixels ?? false;
  // The file's own header (IHDR, SOF), read before libvips sees the file.
  const declared = declaredSize(bytes);
  if (declared && opts.maxPixels !== undefined && declared.width * declared.height > opts.maxPixels)
    throw importRejection(
      'too-many-pixels',
      `${declared.width}x${declared.height} = ${declared.width * declared.height} pixels exceeds the limit of ${opts.maxPixels}`,
    );
  try {
    // Reading the header is safe at any size; the limit is checked before anything is decoded.
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    const width = meta.width ?? 0;
    const height = meta.height ?? 0;
    if (opts.maxPixels !== undefined && width * height > opts.maxPixels) {
      throw importRejection(
        'too-many-pixels',
        `${width}x${height} = ${width * height} pixels exceeds the limit of ${opts.maxPixels}`,
      );
    }
    const sixteen = meta.depth === 'ushort';
    // libvips would hand everything out as 8-bit sRGB: ask for the input's own space and depth,
    // so greyscale stays one channel and 16-bit PNGs keep their 16 bits.
    const grey = (meta.channels ?? 3) <= 2;
    const space = grey ? (sixteen ? 'grey16' : 'b-w') : sixteen ? 'rgb16' : 'srgb';
    const { data, info } = await sharp(bytes, { limitInputPixels: limit, failOn: 'error' })
      .toColourspace(space)
      .raw({ depth: sixteen ? 'ushort' : 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const samples = sixteen ? new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2) : data;
    const pixels = toGreyscale(samples, info.width * info.height, info.channels, sixteen ? 65535 : 255);
    const format = meta.format ?? 'unknown';
    return [
      {
        pixels,
        width: info.width,
        height: info.height,
        modality: 'OT',
        hounsfield: false,
        meta: { format, channels: meta.channels, bitDepth: sixteen ? 16 : 8, colourConverted: info.channels > 1 },
      },
    ];
  } catch (e) {
    if (isAppError(e)) throw e;
    throw importRejection(classifySharpError(e), `image decode failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function classifySharpError(e: unknown): RejectReason {
  const m = (e instanceof Error ? e.message : String(e)).toLowerCase();
  if (m.includes('pixel limit')) return 'too-many-pixels';
  if (m.includes('unsupported image format')) return 'not-an-image';
  if (
    m.includes('premature end') ||
    m.includes('truncated') ||
    m.includes('end of file') ||
    m.includes('not enough') ||
    m.includes('corrupt')
  ) {
    return 'truncated';
  }
  return 'decode-failed';
}
