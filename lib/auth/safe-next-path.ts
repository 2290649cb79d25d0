const BASE = 'http://neuroloop.invalid';
const MAX_LENGTH = 2048;

/**
 * Where to go after sign-in: a path on this site, or '/' for anything else. Parsed the way a
 * browser parses it (backslashes count as slashes, tabs and newlines are dropped), so that
 * `/\evil.example`, `/%09/evil.example` once decoded, or a path normalising to `//host`
 * cannot send the user to another origin.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || next.length > MAX_LENGTH || !next.startsWith('/')) return '/';
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A path that starts with two slashes (or slash-backslash) is read as another host.
  return /^\/[/\\]/.test(path) ? '/' : path;
}
