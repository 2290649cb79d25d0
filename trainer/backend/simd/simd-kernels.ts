import { kernelsWasmBase64 } from './kernels-wasm';

/**
 * The trainer's SIMD kernels (kernels.c), instantiated on the wasm backend's own heap: a kernel
 * reads and writes tensors where they lie, as the JavaScript kernels beside them do, 4 floats
 * per instruction. Pointers are byte offsets into that heap.
 */
export interface SimdKernels {
  bn_sums(x: number, n: number, C: number, shift: number, s1: number, s2: number): void;
  bn_apply(x: number, y: number, n: number, C: number, scale: number, offset: number): void;
  bn_grad_sums(dy: number, x: number, n: number, C: number, mean: number, sDy: number, sDyXc: number): void;
  bn_grad_apply(dy: number, x: number, dx: number, n: number, C: number, A: number, B: number, D: number): void;
  /** The geometry as kernels.c lists it; dx zero on entry. */
  max_pool_grad(x: number, y: number, dy: number, dx: number, ...geometry: number[]): void;
  /** The geometry: patchGeometry's (wasm-kernel-utils.ts). */
  im2col_rows(x: number, cols: number, ...geometry: number[]): void;
  flip_filter(w: number, out: number, kh: number, kw: number, cin: number, cout: number): void;
  transpose(a: number, out: number, rows: number, cols: number): void;
  /** The geometry as im2col_rows'; dx zero on entry. */
  col2im_add(cols: number, dx: number, ...geometry: number[]): void;
}

interface WasmModuleLike {
  wasmMemory?: WebAssembly.Memory;
}

let enabled = true;
const instances = new WeakMap<WebAssembly.Memory, SimdKernels | null>();
let compiled: WebAssembly.Module | null = null;

/** Tests and benches: turn the SIMD kernels off (the JavaScript ones run) or on again. */
export function setSimdKernelsEnabled(on: boolean): void {
  enabled = on;
}

/**
 * The kernels on this backend's heap, or null: turned off, or a heap they cannot share (the
 * backend's build without threads keeps its memory unshared and private). Null means the
 * caller's JavaScript kernel runs; both compute the same values (tests/unit/trainer/simd-kernels.test.ts).
 */
export function simdKernels(backend: unknown): SimdKernels | null {
  if (!enabled) return null;
  const memory = (backend as { wasm?: WasmModuleLike }).wasm?.wasmMemory;
  if (!memory || !(memory.buffer instanceof SharedArrayBuffer)) return null;
  if (instances.has(memory)) return instances.get(memory)!;
  let kernels: SimdKernels | null = null;
  try {
    compiled ??= new WebAssembly.Module(Buffer.from(kernelsWasmBase64, 'base64'));
    kernels = new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as SimdKernels;
  } catch {
    // A runtime without WebAssembly SIMD: the JavaScript kernels run.
    kernels = null;
  }
  instances.set(memory, kernels);
  return kernels;
}
