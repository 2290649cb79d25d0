import { buildHuffmanTable, type HuffmanTable } from './huffman-table';

/**
 * A JPEG Lossless encoder, process 14, first-order prediction (selection value 1), point
 * transform 0: DICOM transfer syntax 1.2.840.10008.1.2.4.70 (T.81 Annex H). One component.
 */
export function encodeJpegLossless(
  samples: ArrayLike<number>,
  width: number,
  height: number,
  precision = 16,
): Uint8Array {
  const { categories, diffs } = differences(samples, width, height, precision);
  const freq = new Array<number>(17).fill(0);
  for (const c of categories) freq[c]++;
  const table = buildHuffmanTable(freq);
  const out = new ByteWriter(samples.length + 1024);
  out.marker(0xd8);
  writeFrameHeader(out, width, height, precision);
  writeHuffmanTable(out, table);
  writeScanHeader(out);
  const bits = new BitWriter(out);
  for (let i = 0; i < categories.length; i++) {
    const s = categories[i];
    const { code, length } = table.codes.get(s)!;
    bits.write(code, length);
    if (s > 0 && s < 16) bits.write(diffs[i] > 0 ? diffs[i] : diffs[i] + (1 << s) - 1, s);
  }
  bits.flush();
  out.marker(0xd9);
  return out.bytes();
}

/** Differences from the predictor, modulo 2^16 (T.81 H.1.2): Ra in a row, Rb down the first column. */
function differences(samples: ArrayLike<number>, width: number, height: number, precision: number) {
  const categories = new Uint8Array(width * height);
  const diffs = new Int32Array(width * height);
  const mask = (1 << precision) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const pred = x > 0 ? samples[i - 1] : y > 0 ? samples[i - width] : 1 << (precision - 1);
      let d = ((samples[i] & mask) - (pred & mask)) & 0xffff;
      if (d >= 0x8000) d -= 0x10000;
      diffs[i] = d;
      categories[i] = d === -0x8000 ? 16 : d === 0 ? 0 : 32 - Math.clz32(Math.abs(d));
    }
  }
  return { categories, diffs };
}

function writeFrameHeader(out: ByteWriter, width: number, height: number, precision: number): void {
  out.marker(0xc3);
  out.u16(11);
  out.u8(precision);
  out.u16(height);
  out.u16(width);
  out.u8(1);
  out.u8(1);
  out.u8(0x11);
  out.u8(0);
}

function writeHuffmanTable(out: ByteWriter, table: HuffmanTable): void {
  out.marker(0xc4);
  out.u16(2 + 1 + 16 + table.values.length);
  out.u8(0x00);
  for (const b of table.bits) out.u8(b);
  for (const v of table.values) out.u8(v);
}

function writeScanHeader(out: ByteWriter): void {
  out.marker(0xda);
  out.u16(8);
  out.u8(1);
  out.u8(1);
  out.u8(0x00);
  out.u8(1); // Ss: predictor selection value 1
  out.u8(0); // Se
  out.u8(0); // Ah/Al: point transform 0
}

class ByteWriter {
  private buf: Uint8Array;
  private n = 0;
  constructor(capacity: number) {
    this.buf = new Uint8Array(capacity);
  }
  u8(v: number): void {
    if (this.n === this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.n++] = v;
  }
  u16(v: number): void {
    this.u8(v >> 8);
    this.u8(v & 0xff);
  }
  marker(code: number): void {
    this.u8(0xff);
    this.u8(code);
  }
  bytes(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}

/** MSB-first bit packing with 0xFF byte stuffing; the last byte is padded with 1-bits. */
class BitWriter {
  private acc = 0;
  private count = 0;
  constructor(private readonly out: ByteWriter) {}
  write(value: number, length: number): void {
    for (let b = length - 1; b >= 0; b--) {
      this.acc = (this.acc << 1) | ((value >>> b) & 1);
      if (++this.count === 8) this.emit();
    }
  }
  flush(): void {
    while (this.count !== 0) {
      this.acc = (this.acc << 1) | 1;
      if (++this.count === 8) this.emit();
    }
  }
  private emit(): void {
    this.out.u8(this.acc);
    if (this.acc === 0xff) this.out.u8(0);
    this.acc = 0;
    this.count = 0;
  }
}
