/** What a request says about where it comes from (headers a page cannot forge). */
export interface RequestOriginHeaders {
  /** The Origin header, as sent. */
  origin: string | null;
  /** The Sec-Fetch-Site header browsers add. */
  secFetchSite: string | null;
  /** The Host the request was sent to. */
  host: string | null;
  /** The app's public origin (NEXTAUTH_URL), when configured: a reverse proxy may change Host. */
  publicOrigin?: string | null;
}

export type OriginVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Whether a browser request comes from this site's own pages. A page on another origin
 * (another port of the same host included: SameSite cookies do not separate ports) is
 * refused. A request with neither Origin nor Sec-Fetch-Site comes from a program, not a
 * browser page, and carries no one else's cookies: it is let through.
 */
export function checkSameOrigin(h: RequestOriginHeaders): OriginVerdict {
  if (h.origin !== null) {
    if (h.origin === 'null') return { ok: false, reason: 'The request comes from an opaque origin.' };
    const origin = parseOrigin(h.origin);
    if (!origin) return { ok: false, reason: 'The request’s Origin is not a URL.' };
    const publicOrigin = h.publicOrigin ? parseOrigin(h.publicOrigin) : null;
    if (publicOrigin && origin.origin === publicOrigin.origin) return { ok: true };
    if (h.host && origin.host === h.host.toLowerCase()) return { ok: true };
    return { ok: false, reason: `Requests from ${origin.origin} are not accepted.` };
  }
  const site = h.secFetchSite?.toLowerCase();
  if (site && site !== 'same-origin' && site !== 'none')
    return { ok: false, reason: 'The request comes from another site.' };
  return { ok: true };
}

function parseOrigin(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}
