import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '@/lib/errors/app-error';
import type { Db } from '@/server/store/handle';
import { findScanFilePaths } from '@/server/store/scans';
import { resolveStoragePath } from '@/server/imaging/scan-storage';

export const scanFileSchema = z.enum(['preview', 'thumbnail']);
export type ScanFile = z.infer<typeof scanFileSchema>;

const contentTypes: Record<ScanFile, string> = {
  // lib/imaging/preview-format: the viewer decodes it.
  preview: 'application/octet-stream',
  thumbnail: 'image/png',
};

/** A scan's stored preview pixels or thumbnail, read from inside the storage root. */
export async function readScanFile(
  db: Db,
  args: { projectId: string; scanId: string; file: ScanFile; storageDir: string },
) {
  const scan = await findScanFilePaths(db, args);
  if (!scan) throw new AppError({ code: 'NOT_FOUND', message: 'No such scan in this project.' });
  const root = path.resolve(args.storageDir);
  const file = path.resolve(resolveStoragePath(root, args.file === 'preview' ? scan.previewPath : scan.thumbnailPath));
  if (!file.startsWith(root + path.sep))
    throw new AppError({ code: 'NOT_FOUND', message: 'This scan has no stored file.' });
  const bytes = await readFile(file).catch(() => {
    throw new AppError({ code: 'NOT_FOUND', message: `The scan's ${args.file} is missing from storage.` });
  });
  return { bytes, contentType: contentTypes[args.file] };
}
