import type { IncomingMessage } from 'node:http';

/** The header the HTTP server sets to the page a request asked for (a client's own value is replaced). */
export const REQUEST_PATH_HEADER = 'x-neuroloop-path';

/** Sets the header from the request line, leaving out Next's own `_rsc` cache-busting parameter. */
export function stampRequestPath(req: IncomingMessage): void {
  const url = new URL(req.url ?? '/', 'http://neuroloop.invalid');
  url.searchParams.delete('_rsc');
  req.headers[REQUEST_PATH_HEADER] = `${url.pathname}${url.search}`;
}
