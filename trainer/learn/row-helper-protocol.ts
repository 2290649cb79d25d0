/** Indices into the shared control array, and the states of its CONTROL slot. */
export const CONTROL = 0;
export const GENERATION = 1;
export const IDLE = 0;
export const GO = 1;
export const DONE = 2;

/** The rows of the fits that follow, as the helper thread receives them (all shared memory). */
export interface RowHelperLoad {
  /** Loads are numbered; the thread drops a load once a newer one is announced. */
  generation: number;
  control: SharedArrayBuffer;
  x: SharedArrayBuffer;
  y: SharedArrayBuffer;
  sw: SharedArrayBuffer | null;
  wsum: number;
  d: number;
  k: number;
  from: number;
  to: number;
  params: SharedArrayBuffer;
  /** The gradient of rows [from, to), then their loss. */
  result: SharedArrayBuffer;
}
