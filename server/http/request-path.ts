import { headers } from 'next/headers';
import { REQUEST_PATH_HEADER } from './request-path-header';

/** In a server component: the path (and query) of the page being rendered, '/' when unknown. */
export async function requestPath(): Promise<string> {
  return (await headers()).get(REQUEST_PATH_HEADER) ?? '/';
}

/** The project a path is under (/projects/<slug>/...), or null. */
export function projectSlugOf(path: string): string | null {
  const m = /^\/projects\/([^/?#]+)/.exec(path);
  if (!m || m[1] === 'new') return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}
