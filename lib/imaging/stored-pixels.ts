/** How stored pixel values are laid out in a DICOM frame (PS3.3 C.7.6.3 Image Pixel module). */
export interface PixelLayout {
  bitsAllocated: number;
  bitsStored: number;
  /** 0 unsigned, 1 two's complement. */
  pixelRepresentation: number;
  samplesPerPixel: number;
}

export type StoredPixels = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;

type StoredCtor = {
  new (buffer: ArrayBufferLike, offset: number, length: number): StoredPixels;
  BYTES_PER_ELEMENT: number;
};

function storedCtor(layout: PixelLayout): StoredCtor {
  const signed = layout.pixelRepresentation === 1;
  if (layout.bitsAllocated === 8) return signed ? Int8Array : Uint8Array;
  if (layout.bitsAllocated === 16) return signed ? Int16Array : Uint16Array;
  return signed ? Int32Array : Uint32Array;
}

/**
 * Reads little-endian frame bytes as stored values (samples interleaved). The result never
 * aliases `bytes` when values must be masked, so the caller's original stays byte-for-byte.
 */
export function toStoredPixels(bytes: Uint8Array, layout: PixelLayout, valueCount: number): StoredPixels {
  const Ctor = storedCtor(layout);
  const byteLength = valueCount * Ctor.BYTES_PER_ELEMENT;
  const aligned = bytes.byteOffset % Ctor.BYTES_PER_ELEMENT === 0;
  // new Uint8Array(view) copies (a Node Buffer's slice would not), giving an aligned buffer.
  const source = aligned ? bytes : new Uint8Array(bytes.subarray(0, byteLength));
  const values = new Ctor(source.buffer, source.byteOffset, valueCount);
  return layout.bitsStored < layout.bitsAllocated ? maskToBitsStored(values, layout, !aligned) : values;
}

/** Bits above BitsStored carry no pixel value (old files put overlays there): drop them, keeping the sign. */
function maskToBitsStored(values: StoredPixels, layout: PixelLayout, owned: boolean): StoredPixels {
  const bits = layout.bitsStored;
  const signed = layout.pixelRepresentation === 1;
  const lo = signed ? -(2 ** (bits - 1)) : 0;
  const hi = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  let clean = true;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < lo || values[i] > hi) {
      clean = false;
      break;
    }
  }
  if (clean) return values;
  const out = owned ? values : values.slice();
  const shift = 32 - bits;
  const mask = bits >= 32 ? 0xffffffff : 2 ** bits - 1;
  for (let i = 0; i < out.length; i++) {
    out[i] = signed ? (out[i] << shift) >> shift : out[i] & mask;
  }
  return out;
}

/** Stored values to float, applying a linear rescale (the modality LUT); -0 becomes 0 so hashes are canonical. */
export function rescaleToFloat(stored: StoredPixels | Float32Array, slope = 1, intercept = 0): Float32Array {
  // The typed-array constructor converts natively; the loop below then only ever sees a Float32Array.
  const out = new Float32Array(stored);
  if (slope === 1 && intercept === 0) return out;
  for (let i = 0; i < out.length; i++) out[i] = out[i] * slope + intercept + 0;
  return out;
}
