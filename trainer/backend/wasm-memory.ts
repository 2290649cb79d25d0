import * as tf from '@tensorflow/tfjs';

/** The part of the Emscripten module of tfjs-backend-wasm that allocation goes through. */
export interface WasmAllocator {
  _malloc(bytes: number): number;
  /** The module's exports; its first `_malloc` call replaces `_malloc` with `asm.malloc`. */
  asm?: { malloc?: (bytes: number) => number };
  HEAPU8?: Uint8Array;
  wasmMemory?: WebAssembly.Memory;
}

/** The WASM heap's limit: the module's memory is declared with a 4 GiB maximum. */
export const wasmHeapLimitBytes = 4 * 1024 ** 3;

export class WasmAllocationError extends Error {
  constructor(
    readonly requestedBytes: number,
    readonly heapBytes: number,
  ) {
    super(
      `WASM could not allocate ${(requestedBytes / 2 ** 20).toFixed(1)} MiB ` +
        `(heap ${(heapBytes / 2 ** 20).toFixed(0)} MiB of at most ${wasmHeapLimitBytes / 2 ** 20} MiB): ` +
        "the model or batch does not fit the trainer's memory",
    );
    this.name = 'WasmAllocationError';
  }
}

const guarded = new WeakSet<WasmAllocator>();

/**
 * tfjs-backend-wasm takes `_malloc`'s result without checking it: when the heap cannot grow,
 * malloc returns 0 and the tensor is written over address 0, corrupting the heap; the next
 * kernels then spin or crash far from the cause. Wrapped, a failed allocation throws at once.
 */
export function guardWasmAllocations(module: WasmAllocator): void {
  if (guarded.has(module)) return;
  // The exported function itself: Emscripten's `_malloc` is a stub that, on its first call,
  // overwrites `_malloc` with the export, which would drop a wrapper around the stub.
  const malloc = module.asm?.malloc ?? module._malloc.bind(module);
  module._malloc = (bytes: number) => {
    const at = malloc(bytes);
    if (at === 0 && bytes > 0) throw new WasmAllocationError(bytes, heapBytesOf(module));
    return at;
  };
  guarded.add(module);
}

function heapBytesOf(module: WasmAllocator): number {
  return module.wasmMemory?.buffer.byteLength ?? module.HEAPU8?.buffer.byteLength ?? 0;
}

/** The active wasm backend's module, or null under any other backend. */
export function wasmModule(): WasmAllocator | null {
  if (tf.getBackend() !== 'wasm') return null;
  return (tf.backend() as unknown as { wasm: WasmAllocator }).wasm;
}

/** Bytes the WASM heap has grown to (it never shrinks); 0 under another backend. */
export function wasmHeapBytes(): number {
  const m = wasmModule();
  return m ? heapBytesOf(m) : 0;
}
