import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write';

/**
 * The content-addressed store under STORAGE_DIR. Every path it returns is relative to the
 * storage root (resolve with resolveStoragePath) so the store can move:
 *   originals/ab/<fileHash>.<ext>     the uploaded bytes, byte for byte
 *   previews/ab/<contentHash>.nlprev  the model's pixels (lib/imaging/preview-format)
 *   thumbnails/ab/<contentHash>.png   the grid thumbnail
 * Content addressing makes writes idempotent: an existing key is never rewritten.
 */
export interface ScanStorage {
  root: string;
  putOriginal(fileHash: string, ext: string, bytes: Uint8Array): Promise<string>;
  putPreview(contentHash: string, bytes: () => Uint8Array): Promise<string>;
  putThumbnail(contentHash: string, png: () => Promise<Uint8Array>): Promise<string>;
}

export function resolveStoragePath(storageDir: string, relativePath: string): string {
  return path.join(storageDir, relativePath);
}

export function createScanStorage(storageDir: string): ScanStorage {
  const root = path.resolve(storageDir);
  // Folders made and keys written by this store: at hundreds of scans a second the
  // mkdir and access calls they save are a tenth of the file-system time.
  const known = new Set<string>();
  const put = async (rel: string, produce: () => Uint8Array | Promise<Uint8Array>): Promise<string> => {
    const abs = path.join(root, rel);
    if (known.has(abs) || (await exists(abs))) return rel;
    const dir = path.dirname(abs);
    if (!known.has(dir)) {
      await mkdir(dir, { recursive: true });
      known.add(dir);
    }
    await writeFileAtomic(abs, await produce(), { dirExists: true });
    known.add(abs);
    return rel;
  };
  const key = (kind: string, hash: string, ext: string) => path.posix.join(kind, hash.slice(0, 2), `${hash}${ext}`);
  return {
    root,
    putOriginal: (fileHash, ext, bytes) => put(key('originals', fileHash, safeExt(ext)), () => bytes),
    putPreview: (contentHash, bytes) => put(key('previews', contentHash, '.nlprev'), bytes),
    putThumbnail: (contentHash, png) => put(key('thumbnails', contentHash, '.png'), png),
  };
}

/** Only a short alphanumeric extension from the original name reaches the file system. */
function safeExt(ext: string): string {
  return /^\.[a-z0-9]{1,8}$/.test(ext) ? ext : '.bin';
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}
