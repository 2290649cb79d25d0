import path from 'node:path';
import type { DecodedImage } from '@/lib/imaging/types';
import { readPreviewSync } from '@/server/imaging/preview-file';

/**
 * Reads stored previews (paths relative to the storage root). The trainer reads them one after
 * another, synchronously: in its own process that costs its thread about a third of the time of
 * asynchronous reads, whose open, stat, read and close each come back through the event loop
 * while the networks hold it (docs/ARCHITECTURE.md, "Scoring"). The reads start after a turn of
 * the event loop, so a caller that starts the next batch's read goes on first.
 */
export async function loadPreviews(storageDir: string, previewPaths: readonly string[]): Promise<DecodedImage[]> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  return previewPaths.map((p) => readPreviewSync(path.resolve(storageDir, p)));
}
