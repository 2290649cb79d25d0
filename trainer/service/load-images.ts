import path from 'node:path';
import type { DecodedImage } from '@/lib/imaging/types';
import { readPreview } from '@/server/imaging/preview-file';

/** Reads stored previews (paths relative to the storage root) a few at a time. */
export async function loadPreviews(
  storageDir: string,
  previewPaths: string[],
  concurrency = 8,
): Promise<DecodedImage[]> {
  const out: DecodedImage[] = new Array(previewPaths.length);
  let next = 0;
  const worker = async () => {
    while (next < previewPaths.length) {
      const i = next++;
      out[i] = await readPreview(path.resolve(storageDir, previewPaths[i]));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, previewPaths.length) }, worker));
  return out;
}
