import { setFlagsFromString } from 'node:v8';

/**
 * Holds the main thread's heap to `percent` above what survived its last full collection
 * (V8's --heap-growing-percent; 0 leaves V8's own factor, which grows the old generation up to
 * 4x its live size while collections are cheap). The server's work is bursts of short-lived
 * garbage (an import's per-file queries and streams): with V8's own factor a 10,000-file upload
 * let 45 MB of live objects grow a 160 MB heap, at 50 it stays near 70 MB, for a full
 * collection of a few milliseconds every couple of seconds (docs/ARCHITECTURE.md, "Memory").
 * The flag is read at every full collection, so setting it after start takes effect from the next.
 */
export function limitHeapGrowth(percent: number): void {
  if (!Number.isInteger(percent) || percent < 0)
    throw new RangeError(`heap growth must be a whole percent >= 0, got ${percent}`);
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
