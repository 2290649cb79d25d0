import type { CanonicalSamples } from '@/lib/imaging/canonical-samples';
import { encodePreview } from '@/lib/imaging/preview-format';
import type { DecodedImage } from '@/lib/imaging/types';
import type { ScanStorage } from './scan-storage';
import { renderThumbnailPng } from './thumbnail';

/** Writes original, preview and thumbnail (each atomically, content-addressed) and returns their storage paths. */
export async function storeScanFiles(
  storage: ScanStorage,
  f: { bytes: Uint8Array; fileHash: string; ext: string; contentHash: string; image: DecodedImage; samples: CanonicalSamples },
): Promise<{ originalPath: string; previewPath: string; thumbnailPath: string }> {
  const [originalPath, previewPath, thumbnailPath] = await Promise.all([
    storage.putOriginal(f.fileHash, f.ext, f.bytes),
    storage.putPreview(f.contentHash, () => encodePreview(f.image, f.samples)),
    storage.putThumbnail(f.contentHash, () => renderThumbnailPng(f.image)),
  ]);
  return { originalPath, previewPath, thumbnailPath };
}
