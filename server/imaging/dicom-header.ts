import type { DataSet } from 'dicom-parser';
import { keptMetaKeywords } from '@/lib/dicom/deid-allow-list';
import { dicomTags, parserKey, type TagInfo } from '@/lib/dicom/tags';
import { deidentifyMeta } from '@/lib/imaging/deidentify';
import type { PixelLayout } from '@/lib/imaging/stored-pixels';
import type { WindowLevel } from '@/lib/imaging/windows';

/** What the decoder needs from a DICOM data set, plus its de-identified metadata. */
export interface DicomHeader extends PixelLayout {
  transferSyntaxUid: string;
  modality: string;
  rows: number;
  columns: number;
  frameCount: number;
  photometric: string;
  planarConfiguration: number;
  meta: Record<string, unknown>;
}

/** Per-frame modality LUT and window (Enhanced objects keep them in functional groups). */
export interface FrameTransform {
  slope: number;
  intercept: number;
  rescaleType?: string;
  window?: WindowLevel;
}

const key = (info: TagInfo): string => parserKey(info.tag);

function readElementValue(ds: DataSet, info: TagInfo): unknown {
  const k = key(info);
  const el = ds.elements[k];
  if (!el || el.length === 0) return undefined;
  switch (info.vr) {
    case 'US':
      return ds.uint16(k);
    case 'SS':
      return ds.int16(k);
    case 'UL':
      return ds.uint32(k);
    case 'DS':
    case 'IS': {
      const values = (ds.string(k) ?? '').split('\\').map((v) => Number(v.trim()));
      if (values.some((v) => !Number.isFinite(v))) return undefined;
      return values.length === 1 ? values[0] : values;
    }
    case 'OB':
    case 'OW':
    case 'SQ':
      return undefined;
    default:
      return ds.string(k)?.replace(/\0/g, '').trim();
  }
}

export function readDicomHeader(ds: DataSet): DicomHeader {
  const num = (info: TagInfo, fallback: number): number => {
    const v = readElementValue(ds, info);
    return typeof v === 'number' ? v : Array.isArray(v) && typeof v[0] === 'number' ? v[0] : fallback;
  };
  const str = (info: TagInfo): string => String(readElementValue(ds, info) ?? '');
  const raw: Record<string, unknown> = {};
  for (const kw of keptMetaKeywords) raw[kw] = readElementValue(ds, dicomTags[kw]);
  return {
    transferSyntaxUid: str(dicomTags.TransferSyntaxUID) || '1.2.840.10008.1.2',
    modality: str(dicomTags.Modality) || 'OT',
    rows: num(dicomTags.Rows, 0),
    columns: num(dicomTags.Columns, 0),
    frameCount: Math.max(1, num(dicomTags.NumberOfFrames, 1)),
    photometric: str(dicomTags.PhotometricInterpretation) || 'MONOCHROME2',
    planarConfiguration: num(dicomTags.PlanarConfiguration, 0),
    samplesPerPixel: num(dicomTags.SamplesPerPixel, 1),
    bitsAllocated: num(dicomTags.BitsAllocated, 16),
    bitsStored: num(dicomTags.BitsStored, num(dicomTags.BitsAllocated, 16)),
    pixelRepresentation: num(dicomTags.PixelRepresentation, 0),
    meta: deidentifyMeta(raw),
  };
}

const sharedGroups = 'x52009229';
const perFrameGroups = 'x52009230';
const pixelValueTransformation = 'x00289145';
const frameVoiLut = 'x00289132';

/** The rescale and window of one frame: per-frame groups, then shared groups, then the top level. */
export function readFrameTransform(ds: DataSet, frameIndex: number): FrameTransform {
  const scopes = [
    macroItem(ds.elements[perFrameGroups]?.items?.[frameIndex]?.dataSet, pixelValueTransformation),
    macroItem(ds.elements[sharedGroups]?.items?.[0]?.dataSet, pixelValueTransformation),
    ds,
  ];
  const voiScopes = [
    macroItem(ds.elements[perFrameGroups]?.items?.[frameIndex]?.dataSet, frameVoiLut),
    macroItem(ds.elements[sharedGroups]?.items?.[0]?.dataSet, frameVoiLut),
    ds,
  ];
  const first = (list: (DataSet | undefined)[], info: TagInfo): unknown => {
    for (const scope of list) {
      const v = scope ? readElementValue(scope, info) : undefined;
      if (v !== undefined) return Array.isArray(v) ? v[0] : v;
    }
    return undefined;
  };
  const slope = first(scopes, dicomTags.RescaleSlope);
  const intercept = first(scopes, dicomTags.RescaleIntercept);
  const center = first(voiScopes, dicomTags.WindowCenter);
  const width = first(voiScopes, dicomTags.WindowWidth);
  const rescaleType = first(scopes, dicomTags.RescaleType);
  return {
    slope: typeof slope === 'number' && slope !== 0 ? slope : 1,
    intercept: typeof intercept === 'number' ? intercept : 0,
    rescaleType: typeof rescaleType === 'string' && rescaleType ? rescaleType : undefined,
    window: typeof center === 'number' && typeof width === 'number' && width > 0 ? { center, width } : undefined,
  };
}

function macroItem(group: DataSet | undefined, sequenceKey: string): DataSet | undefined {
  return group?.elements[sequenceKey]?.items?.[0]?.dataSet;
}
