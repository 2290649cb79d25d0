import { dicomTags, type DicomKeyword, type Vr } from './tags';

export type DicomValue = string | number | readonly (string | number)[] | Uint8Array | Int16Array | Uint16Array;

export interface DicomElement {
  tag: number;
  vr: Vr;
  value: DicomValue;
}

/** Pixel data as encapsulated fragments (one per frame, empty basic offset table). */
export interface EncapsulatedPixelData {
  frames: Uint8Array[];
}

export interface Part10Input {
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  /** Data set elements in any order (group 0002 is written by the writer). */
  elements: DicomElement[];
  /** Native pixels (written as OW) or encapsulated fragments (OB, undefined length); none for non-image objects. */
  pixelData?: Int16Array | Uint16Array | Uint8Array | EncapsulatedPixelData;
}

const implementationClassUid = '2.25.215398475162847756283812391841905371001';

/** Shorthand for an element from the dictionary by keyword. */
export function el(keyword: DicomKeyword, value: DicomValue): DicomElement {
  const info = dicomTags[keyword];
  return { tag: info.tag, vr: info.vr, value };
}

/**
 * A DICOM Part 10 file (PS3.10 §7.1): 128-byte preamble, 'DICM', an explicit VR little-endian
 * File Meta Information group, then the data set, explicit VR little-endian.
 */
export function writePart10(input: Part10Input): Uint8Array {
  const meta = [
    el('FileMetaInformationVersion', new Uint8Array([0, 1])),
    el('MediaStorageSOPClassUID', input.sopClassUid),
    el('MediaStorageSOPInstanceUID', input.sopInstanceUid),
    el('TransferSyntaxUID', input.transferSyntaxUid),
    el('ImplementationClassUID', implementationClassUid),
    el('ImplementationVersionName', 'NEUROLOOP_1'),
  ].map(encodeElement);
  const metaLength = meta.reduce((n, b) => n + b.length, 0);
  const head = new Uint8Array(132);
  head.set([0x44, 0x49, 0x43, 0x4d], 128);
  const elements = [...input.elements, el('SOPClassUID', input.sopClassUid), el('SOPInstanceUID', input.sopInstanceUid)]
    .filter((e) => e.tag !== dicomTags.PixelData.tag)
    .sort((a, b) => a.tag - b.tag)
    .map(encodeElement);
  const pixels = input.pixelData ? [encodePixelData(input.pixelData)] : [];
  const parts = [
    head,
    encodeElement(el('FileMetaInformationGroupLength', metaLength)),
    ...meta,
    ...elements,
    ...pixels,
  ];
  return concat(parts);
}

const longLengthVrs: ReadonlySet<Vr> = new Set<Vr>(['OB', 'OW', 'SQ']);

function encodeElement(e: DicomElement): Uint8Array {
  const value = encodeValue(e.vr, e.value);
  const long = longLengthVrs.has(e.vr);
  const header = new Uint8Array(long ? 12 : 8);
  const view = new DataView(header.buffer);
  view.setUint16(0, e.tag >>> 16, true);
  view.setUint16(2, e.tag & 0xffff, true);
  header[4] = e.vr.charCodeAt(0);
  header[5] = e.vr.charCodeAt(1);
  if (long) view.setUint32(8, value.length, true);
  else view.setUint16(6, value.length, true);
  return concat([header, value]);
}

function encodeValue(vr: Vr, value: DicomValue): Uint8Array {
  if (value instanceof Uint8Array) return padEven(value, 0);
  if (value instanceof Int16Array || value instanceof Uint16Array) return littleEndianBytes(value);
  const values = Array.isArray(value) ? value : [value as string | number];
  if (vr === 'US' || vr === 'SS' || vr === 'UL') {
    const size = vr === 'UL' ? 4 : 2;
    const out = new Uint8Array(values.length * size);
    const view = new DataView(out.buffer);
    values.forEach((v, i) =>
      size === 4
        ? view.setUint32(i * 4, Number(v), true)
        : vr === 'SS'
          ? view.setInt16(i * 2, Number(v), true)
          : view.setUint16(i * 2, Number(v), true),
    );
    return out;
  }
  const text = values.map((v) => (typeof v === 'number' && vr === 'DS' ? formatDs(v) : String(v))).join('\\');
  return padEven(new TextEncoder().encode(text), vr === 'UI' ? 0 : 0x20);
}

/** DS is at most 16 characters (PS3.5 §6.2). */
function formatDs(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  for (let digits = 10; digits > 0; digits--) {
    const s = String(Number(v.toPrecision(digits)));
    if (s.length <= 16) return s;
  }
  return v.toExponential(6);
}

function encodePixelData(pixels: NonNullable<Part10Input['pixelData']>): Uint8Array {
  const tag = dicomTags.PixelData.tag;
  if (!('frames' in pixels))
    return encodeElement({ tag, vr: pixels instanceof Uint8Array ? 'OB' : 'OW', value: pixels });
  const header = new Uint8Array(12);
  const view = new DataView(header.buffer);
  view.setUint16(0, tag >>> 16, true);
  view.setUint16(2, tag & 0xffff, true);
  header.set([0x4f, 0x42], 4);
  view.setUint32(8, 0xffffffff, true);
  const items = [
    item(0xe000, new Uint8Array(0)),
    ...pixels.frames.map((f) => item(0xe000, padEven(f, 0))),
    item(0xe0dd, new Uint8Array(0)),
  ];
  return concat([header, ...items]);
}

function item(element: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + body.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0xfffe, true);
  view.setUint16(2, element, true);
  view.setUint32(4, body.length, true);
  out.set(body, 8);
  return out;
}

function littleEndianBytes(values: Int16Array | Uint16Array): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setUint16(i * 2, values[i] & 0xffff, true);
  return out;
}

function padEven(bytes: Uint8Array, pad: number): Uint8Array {
  if (bytes.length % 2 === 0) return bytes;
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  out[bytes.length] = pad;
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
