import { importRejection } from './reject-reasons';

/**
 * Checks a client-supplied relative name (an upload's webkitRelativePath, an archive entry)
 * and returns it with '/' separators. Absolute names, drive letters, NUL bytes and any '..'
 * segment are refused: names are shown and matched, never trusted as paths.
 */
export function safeRelativeName(name: string): string {
  const normalized = name.replace(/\\/g, '/');
  const segments = normalized.split('/');
  if (
    normalized.length === 0 ||
    normalized.includes('\0') ||
    normalized.startsWith('/') ||
    /^[a-zA-Z]:/.test(normalized) ||
    segments.some((s) => s === '..')
  ) {
    throw importRejection('unsafe-path', `unsafe file name ${JSON.stringify(name)}`);
  }
  return segments.filter((s) => s !== '' && s !== '.').join('/');
}
