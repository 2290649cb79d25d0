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
  /** The helper's rows only (the last of the fit's), from its row 0. */
  x: SharedArrayBuffer;
  y: SharedArrayBuffer;
  sw: SharedArrayBuffer | null;
  rows: number;
  /** The sum of every row's weight in the whole fit. */
  wsum: number;
  d: number;
  k: number;
  params: SharedArrayBuffer;
  /** The gradient of the helper's rows, then their loss. */
  result: SharedArrayBuffer;
}
