import charlsFactory from '@cornerstonejs/codec-charls/decodewasmjs';
import libjpegFactory from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs';
import openjpegFactory from '@cornerstonejs/codec-openjpeg/decodewasmjs';
import { importRejection } from '@/lib/imaging/reject-reasons';
import type { CodecOutput } from './codec-output';

type WasmKind = 'jpeg-ls' | 'jpeg2000' | 'jpeg-baseline';

// OpenJPEG prints [INFO] lines through the module's print hook; keep them out of stdout.
const quiet: WasmModuleArgs = { print: () => undefined, printErr: () => undefined };

// Each WASM module is instantiated once per process, on first use (~10-40 ms each).
const modules = new Map<WasmKind, Promise<() => WasmDecoder>>();

function loadDecoderFactory(kind: WasmKind): Promise<() => WasmDecoder> {
  let pending = modules.get(kind);
  if (!pending) {
    pending =
      kind === 'jpeg-ls'
        ? charlsFactory(quiet).then((m) => () => new m.JpegLSDecoder())
        : kind === 'jpeg2000'
          ? openjpegFactory(quiet).then((m) => () => new m.J2KDecoder())
          : libjpegFactory(quiet).then((m) => () => new m.JPEGDecoder());
    modules.set(kind, pending);
  }
  return pending;
}

/** Decodes one encapsulated frame with a Cornerstone WASM codec; the output is copied out of WASM memory. */
export async function decodeWithWasm(kind: WasmKind, encoded: Uint8Array): Promise<CodecOutput> {
  const create = await loadDecoderFactory(kind);
  const decoder = create();
  try {
    decoder.getEncodedBuffer(encoded.length).set(encoded);
    try {
      decoder.decode();
    } catch (e) {
      throw importRejection('decode-failed', `${kind} decoder failed: ${describeWasmError(e)}`);
    }
    const info = decoder.getFrameInfo();
    return {
      bytes: decoder.getDecodedBuffer().slice(),
      width: info.width,
      height: info.height,
      components: info.componentCount,
      bitsPerSample: info.bitsPerSample,
      signed: info.isSigned,
    };
  } finally {
    decoder.delete();
  }
}

function describeWasmError(e: unknown): string {
  if (e instanceof Error) return e.message;
  // Emscripten throws raw numbers (pointers) or strings for C++ exceptions.
  return typeof e === 'string' ? e : 'corrupt or truncated bitstream';
}
