import { AppError } from '@/lib/errors/app-error';

/**
 * A source's DICOMweb root as NeuroLoop stores it: http or https, no user name or password in
 * it (they go in the source's encrypted secret), no query or fragment, no trailing slash.
 * Which hosts it may reach is checked when connecting (server/pacs/host-guard.ts).
 */
export function normalizePacsUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw bad(`not a URL: ${JSON.stringify(raw.slice(0, 200))}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw bad(`a PACS URL must be http or https, not ${url.protocol.replace(/:$/, '')}`);
  if (url.username || url.password)
    throw bad('put no user name or password in the URL: choose basic or bearer authentication instead');
  if (url.search || url.hash) throw bad('the DICOMweb root takes no query (?) or fragment (#)');
  if (!url.hostname) throw bad('the URL names no host');
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

function bad(message: string): AppError {
  return new AppError({ code: 'BAD_REQUEST', message });
}
