/** DICOM transfer syntax UIDs (PS3.5 §10, Annex A) that the importer recognises. */
export const transferSyntaxes = {
  implicitLittle: '1.2.840.10008.1.2',
  explicitLittle: '1.2.840.10008.1.2.1',
  deflatedExplicitLittle: '1.2.840.10008.1.2.1.99',
  explicitBig: '1.2.840.10008.1.2.2',
  jpegBaseline: '1.2.840.10008.1.2.4.50',
  jpegExtended: '1.2.840.10008.1.2.4.51',
  jpegLossless: '1.2.840.10008.1.2.4.57',
  jpegLosslessSv1: '1.2.840.10008.1.2.4.70',
  jpegLsLossless: '1.2.840.10008.1.2.4.80',
  jpegLsNearLossless: '1.2.840.10008.1.2.4.81',
  jpeg2000Lossless: '1.2.840.10008.1.2.4.90',
  jpeg2000: '1.2.840.10008.1.2.4.91',
  rleLossless: '1.2.840.10008.1.2.5',
} as const;

export type PixelCodec = 'native' | 'rle' | 'jpeg-lossless' | 'jpeg-ls' | 'jpeg2000' | 'jpeg-baseline';

const codecBySyntax: Record<string, PixelCodec> = {
  [transferSyntaxes.implicitLittle]: 'native',
  [transferSyntaxes.explicitLittle]: 'native',
  [transferSyntaxes.rleLossless]: 'rle',
  [transferSyntaxes.jpegLossless]: 'jpeg-lossless',
  [transferSyntaxes.jpegLosslessSv1]: 'jpeg-lossless',
  [transferSyntaxes.jpegLsLossless]: 'jpeg-ls',
  [transferSyntaxes.jpegLsNearLossless]: 'jpeg-ls',
  [transferSyntaxes.jpeg2000Lossless]: 'jpeg2000',
  [transferSyntaxes.jpeg2000]: 'jpeg2000',
  [transferSyntaxes.jpegBaseline]: 'jpeg-baseline',
};

/** The codec that decodes a transfer syntax, or undefined when the importer refuses it. */
export function codecForSyntax(uid: string): PixelCodec | undefined {
  return codecBySyntax[uid.replace(/\0/g, '').trim()];
}
