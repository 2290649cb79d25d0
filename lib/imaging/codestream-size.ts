/** What a codestream says it will decode to, read from its own header before any decoder runs. */
export interface DeclaredSize {
  format: 'jpeg' | 'jpeg-ls' | 'jpeg2000' | 'png';
  width: number;
  height: number;
  components: number;
}

/**
 * The size declared by a JPEG (baseline, extended, lossless: SOF), JPEG-LS (SOF55),
 * JPEG 2000 (a raw codestream's SIZ, or the jp2c box of a JP2 file) or PNG (IHDR)
 * stream; null when none is found before the image data would start. A decoder
 * allocates from these numbers, not from the DICOM header's Rows and Columns, so a
 * decompression bomb is caught here or not at all.
 */
export function declaredSize(bytes: Uint8Array): DeclaredSize | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xd8) return jpegSize(bytes);
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0x4f && bytes[2] === 0xff && bytes[3] === 0x51)
    return sizSize(bytes, 2);
  if (isJp2(bytes)) return jp2Size(bytes);
  if (isPng(bytes)) return pngSize(bytes);
  return null;
}

const u16 = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const u32 = (b: Uint8Array, i: number) => ((b[i] << 24) >>> 0) + (b[i + 1] << 16) + (b[i + 2] << 8) + b[i + 3];

/** Start-of-frame markers that carry the frame size (not DHT C4, JPG C8, DAC CC); F7 is JPEG-LS's SOF55. */
function isSof(marker: number): boolean {
  return (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) || marker === 0xf7;
}

function jpegSize(b: Uint8Array): DeclaredSize | null {
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    let marker = b[i + 1];
    // Fill bytes before a marker.
    while (marker === 0xff && i + 2 < b.length) marker = b[++i + 1];
    i += 2;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue; // no length
    if (marker === 0xd9 || marker === 0xda) return null; // end of image, or scan data before any frame header
    if (i + 2 > b.length) return null;
    const length = u16(b, i);
    if (isSof(marker)) {
      if (i + 8 > b.length) return null;
      return {
        format: marker === 0xf7 ? 'jpeg-ls' : 'jpeg',
        height: u16(b, i + 3),
        width: u16(b, i + 5),
        components: b[i + 7],
      };
    }
    if (length < 2) return null;
    i += length;
  }
  return null;
}

/** SIZ at `at` (its marker FF51): Xsiz - XOsiz by Ysiz - YOsiz, Csiz components. */
function sizSize(b: Uint8Array, at: number): DeclaredSize | null {
  if (at + 40 > b.length || b[at] !== 0xff || b[at + 1] !== 0x51) return null;
  const width = u32(b, at + 6) - u32(b, at + 14);
  const height = u32(b, at + 10) - u32(b, at + 18);
  return { format: 'jpeg2000', width, height, components: u16(b, at + 38) };
}

const JP2_SIGNATURE = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a];

function isJp2(b: Uint8Array): boolean {
  return b.length >= 12 && JP2_SIGNATURE.every((v, i) => b[i] === v);
}

/** The SIZ of the codestream box (jp2c), walking the top-level boxes. */
function jp2Size(b: Uint8Array): DeclaredSize | null {
  let i = 0;
  while (i + 8 <= b.length) {
    let length = u32(b, i);
    const type = String.fromCharCode(b[i + 4], b[i + 5], b[i + 6], b[i + 7]);
    let header = 8;
    if (length === 1) {
      if (i + 16 > b.length) return null;
      length = u32(b, i + 8) * 2 ** 32 + u32(b, i + 12);
      header = 16;
    } else if (length === 0) {
      length = b.length - i;
    }
    if (type === 'jp2c') {
      const at = i + header;
      return b[at] === 0xff && b[at + 1] === 0x4f ? sizSize(b, at + 2) : null;
    }
    if (length < header) return null;
    i += length;
  }
  return null;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_COMPONENTS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function isPng(b: Uint8Array): boolean {
  return b.length >= 8 && PNG_SIGNATURE.every((v, i) => b[i] === v);
}

function pngSize(b: Uint8Array): DeclaredSize | null {
  if (b.length < 26 || String.fromCharCode(b[12], b[13], b[14], b[15]) !== 'IHDR') return null;
  return { format: 'png', width: u32(b, 16), height: u32(b, 20), components: PNG_COMPONENTS[b[25]] ?? 0 };
}
