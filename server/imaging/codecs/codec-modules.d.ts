// Type declarations for the decoder packages that ship without usable types.

interface WasmFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}

/** Emscripten module arguments: print/printErr replace its console output. */
interface WasmModuleArgs {
  print?: (text: string) => void;
  printErr?: (text: string) => void;
}

interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): WasmFrameInfo;
  getDecodedBuffer(): Uint8Array;
  delete(): void;
}

declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  const factory: (args?: WasmModuleArgs) => Promise<{ JpegLSDecoder: new () => WasmDecoder }>;
  export default factory;
}

declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  const factory: (args?: WasmModuleArgs) => Promise<{ J2KDecoder: new () => WasmDecoder }>;
  export default factory;
}

declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
  const factory: (args?: WasmModuleArgs) => Promise<{ JPEGDecoder: new () => WasmDecoder }>;
  export default factory;
}

declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    frame: { dimX: number; dimY: number; numComp: number; precision: number };
    decode(buffer: ArrayBuffer, offset: number, length: number, numBytes?: number): Uint8Array | Uint16Array;
  }
}
