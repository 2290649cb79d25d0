import { scanStorageFor } from './scan-storage';

export interface ScanFilesInput {
  storageDir: string;
  /** sha256 of the original bytes and the content hash of the pixels: the keys in the store. */
  fileHash: string;
  ext: string;
  bytes: Uint8Array;
  contentHash: string;
  preview: Uint8Array;
  thumbnail: Uint8Array;
}

/** Writes original, preview and thumbnail (each atomically, content-addressed) and returns their storage paths. */
export function storeScanFiles(f: ScanFilesInput): {
  originalPath: string;
  previewPath: string;
  thumbnailPath: string;
} {
  const storage = scanStorageFor(f.storageDir);
  return {
    originalPath: storage.putOriginal(f.fileHash, f.ext, f.bytes),
    previewPath: storage.putPreview(f.contentHash, f.preview),
    thumbnailPath: storage.putThumbnail(f.contentHash, f.thumbnail),
  };
}
