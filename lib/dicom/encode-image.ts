import type { WindowLevel } from '@/lib/imaging/windows';
import { encodeJpegLossless } from './jpeg-lossless-encode';
import { el, writePart10, type DicomElement } from './write-part10';
import { transferSyntaxes } from './transfer-syntaxes';

export const sopClasses = {
  CT: '1.2.840.10008.5.1.4.1.1.2',
  MR: '1.2.840.10008.5.1.4.1.1.4',
  OT: '1.2.840.10008.5.1.4.1.1.7',
} as const;

export interface DicomImageInput {
  /** Stored values (before the modality LUT), row-major. */
  stored: Int16Array | Uint16Array;
  width: number;
  height: number;
  modality: keyof typeof sopClasses;
  rescale?: { slope: number; intercept: number };
  window?: WindowLevel;
  pixelSpacingMm?: number;
  sliceThicknessMm?: number;
  uids: { study: string; series: string; instance: string };
  syntax: 'explicit-le' | 'jpeg-lossless';
  instanceNumber?: number;
  seriesDescription?: string;
  /** Further elements (tests use this to plant identifiers that must never come out). */
  extra?: DicomElement[];
}

/** One single-frame greyscale image as a Part 10 file, uncompressed or JPEG Lossless SV1. */
export function encodeDicomImage(input: DicomImageInput): Uint8Array {
  const signed = input.stored instanceof Int16Array;
  const elements: DicomElement[] = [
    el('ImageType', ['ORIGINAL', 'PRIMARY', 'AXIAL']),
    el('Modality', input.modality),
    el('StudyInstanceUID', input.uids.study),
    el('SeriesInstanceUID', input.uids.series),
    el('SeriesNumber', 1),
    el('InstanceNumber', input.instanceNumber ?? 1),
    el('SamplesPerPixel', 1),
    el('PhotometricInterpretation', 'MONOCHROME2'),
    el('Rows', input.height),
    el('Columns', input.width),
    el('BitsAllocated', 16),
    el('BitsStored', 16),
    el('HighBit', 15),
    el('PixelRepresentation', signed ? 1 : 0),
    ...optional(input),
    ...(input.extra ?? []),
  ];
  const jpeg = input.syntax === 'jpeg-lossless';
  return writePart10({
    sopClassUid: sopClasses[input.modality],
    sopInstanceUid: input.uids.instance,
    transferSyntaxUid: jpeg ? transferSyntaxes.jpegLosslessSv1 : transferSyntaxes.explicitLittle,
    elements,
    pixelData: jpeg ? { frames: [encodeJpegLossless(input.stored, input.width, input.height, 16)] } : input.stored,
  });
}

function optional(input: DicomImageInput): DicomElement[] {
  const out: DicomElement[] = [];
  if (input.seriesDescription) out.push(el('SeriesDescription', input.seriesDescription));
  if (input.rescale) {
    out.push(el('RescaleIntercept', input.rescale.intercept), el('RescaleSlope', input.rescale.slope));
    if (input.modality === 'CT') out.push(el('RescaleType', 'HU'));
  }
  if (input.window) out.push(el('WindowCenter', input.window.center), el('WindowWidth', input.window.width));
  if (input.pixelSpacingMm) out.push(el('PixelSpacing', [input.pixelSpacingMm, input.pixelSpacingMm]));
  if (input.sliceThicknessMm) out.push(el('SliceThickness', input.sliceThicknessMm));
  return out;
}

/** Integer HU to stored values under a rescale intercept (slope 1), as CT scanners store them. */
export function huToStored(hu: ArrayLike<number>, intercept = -1024): Int16Array {
  const out = new Int16Array(hu.length);
  for (let i = 0; i < hu.length; i++) out[i] = Math.round(hu[i] - intercept);
  return out;
}
