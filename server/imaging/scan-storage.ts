import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { PRIVATE_DIR_MODE, writeFileAtomicSync } from './atomic-write';

/**
 * The content-addressed store under STORAGE_DIR. Every path it returns is relative to the
 * storage root (resolve with resolveStoragePath) so the store can move:
 *   originals/ab/<fileHash>.<ext>     the uploaded bytes, byte for byte
 *   previews/ab/<contentHash>.nlprev  the model's pixels (lib/imaging/preview-format)
 *   thumbnails/ab/<contentHash>.png   the grid thumbnail
 * Content addressing makes writes idempotent: an existing key is never rewritten.
 * Synchronous: it runs on the import's decode workers (decode-pool), where blocking costs
 * nothing and the sync calls cost a quarter of the CPU of the promise API.
 */
export interface ScanStorage {
  root: string;
  putOriginal(fileHash: string, ext: string, bytes: Uint8Array): string;
  putPreview(contentHash: string, bytes: Uint8Array): string;
  putThumbnail(contentHash: string, png: Uint8Array): string;
}

export function resolveStoragePath(storageDir: string, relativePath: string): string {
  return path.join(storageDir, relativePath);
}

function createScanStorage(storageDir: string): ScanStorage {
  const root = path.resolve(storageDir);
  // Folders made by this store (a few hundred at most): at hundreds of scans a second the
  // mkdir calls they save are a tenth of the file-system time.
  const dirs = new Set<string>();
  const put = (rel: string, bytes: Uint8Array): string => {
    const abs = path.join(root, rel);
    if (existsSync(abs)) return rel;
    const dir = path.dirname(abs);
    if (!dirs.has(dir)) {
      mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
      dirs.add(dir);
    }
    try {
      writeFileAtomicSync(abs, bytes, { dirExists: true });
    } catch (e) {
      // The store is kept between imports: its folder may have been removed since.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      dirs.delete(dir);
      writeFileAtomicSync(abs, bytes);
    }
    return rel;
  };
  const key = (kind: string, hash: string, ext: string) => path.posix.join(kind, hash.slice(0, 2), `${hash}${ext}`);
  return {
    root,
    putOriginal: (fileHash, ext, bytes) => put(key('originals', fileHash, safeExt(ext)), bytes),
    putPreview: (contentHash, bytes) => put(key('previews', contentHash, '.nlprev'), bytes),
    putThumbnail: (contentHash, png) => put(key('thumbnails', contentHash, '.png'), png),
  };
}

const recent = new Map<string, ScanStorage>();

/** The store for a folder, kept for the next call (a long-lived decode worker serves many imports). */
export function scanStorageFor(storageDir: string): ScanStorage {
  let storage = recent.get(storageDir);
  if (!storage) {
    storage = createScanStorage(storageDir);
    if (recent.size >= 8) recent.delete(recent.keys().next().value!);
    recent.set(storageDir, storage);
  }
  return storage;
}

/** Only a short alphanumeric extension from the original name reaches the file system. */
function safeExt(ext: string): string {
  return /^\.[a-z0-9]{1,8}$/.test(ext) ? ext : '.bin';
}
