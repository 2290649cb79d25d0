import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { decodePreview } from '@/lib/imaging/preview-format';
import type { DecodedImage } from '@/lib/imaging/types';

/** Reads a preview written by the importer (HU for CT, raw values otherwise). */
export async function readPreview(filePath: string): Promise<DecodedImage> {
  return decodePreview(await readFile(filePath));
}

/** readPreview, blocking: for the trainer's own process (trainer/service/load-images.ts), never the app's. */
export function readPreviewSync(filePath: string): DecodedImage {
  return decodePreview(readFileSync(filePath));
}
