import { Decoder } from 'jpeg-lossless-decoder-js';
import { importRejection } from '@/lib/imaging/reject-reasons';
import type { CodecOutput } from './codec-output';

/** JPEG Lossless, process 14 (1.2.840.10008.1.2.4.57 / .70), with the rii-mango decoder. */
export function decodeJpegLossless(encoded: Uint8Array, bytesPerSample: number): CodecOutput {
  const decoder = new Decoder();
  let out: Uint8Array | Uint16Array;
  try {
    out = decoder.decode(encoded.buffer as ArrayBuffer, encoded.byteOffset, encoded.byteLength, bytesPerSample);
  } catch (e) {
    throw importRejection(
      'decode-failed',
      `JPEG Lossless decoder failed: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const { dimX, dimY, numComp, precision } = decoder.frame;
  return {
    bytes: new Uint8Array(out.buffer, out.byteOffset, out.byteLength),
    width: dimX,
    height: dimY,
    components: numComp,
    bitsPerSample: precision,
  };
}
