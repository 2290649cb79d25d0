/** What a file claims to be, by its first bytes (never by its name alone). */
export type ImageKind = 'dicom' | 'png' | 'jpeg';

/** Extensions that promise an image: a file with one of these that sniffs as nothing is rejected, not skipped. */
const imageExtensions: readonly string[] = ['.png', '.jpg', '.jpeg', '.dcm', '.dicom', '.dic'];

export function sniffImageKind(bytes: Uint8Array): ImageKind | undefined {
  if (bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d) {
    return 'dicom';
  }
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47)
    return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

/** The lower-case extension of a name ('' when it has none). */
function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

export function hasImageExtension(name: string): boolean {
  return imageExtensions.includes(extensionOf(name));
}

/**
 * Whether a PNG or JPEG still has its end marker (IEND chunk, EOI) near the end: the cheap,
 * reliable test for a cut-off file, made before any decoder sees it.
 */
export function hasEndMarker(kind: 'png' | 'jpeg', bytes: Uint8Array): boolean {
  const tail = bytes.subarray(Math.max(0, bytes.length - 256));
  for (let i = tail.length - 2; i >= 0; i--) {
    if (kind === 'jpeg' && tail[i] === 0xff && tail[i + 1] === 0xd9) return true;
    if (
      kind === 'png' &&
      i + 3 < tail.length &&
      tail[i] === 0x49 &&
      tail[i + 1] === 0x45 &&
      tail[i + 2] === 0x4e &&
      tail[i + 3] === 0x44
    )
      return true;
  }
  return false;
}
