import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig } from '@/server/config';

/** Headroom above IMPORT_MAX_UPLOAD_BYTES for the multipart framing: the import route's own count refuses first. */
const UPLOAD_FRAMING_BYTES = 1024 * 1024;

/**
 * The most body bytes a request to `url` may send: the sign-in endpoints (anyone may
 * call them) little, the import upload its limit, every other route a JSON body's.
 */
export function bodyLimitFor(url: string, config: AppConfig): number {
  if (url.startsWith('/api/auth/')) return config.AUTH_MAX_BODY_BYTES;
  if (/^\/api\/projects\/[^/]+\/imports\/?(\?|$)/.test(url))
    return config.IMPORT_MAX_UPLOAD_BYTES + UPLOAD_FRAMING_BYTES;
  return config.API_MAX_BODY_BYTES;
}

/**
 * Holds a request's body to `maxBytes` as it is read, whatever its headers say: a
 * declared length above the limit is answered 413 at once; a chunked or lying body is
 * cut (413, connection closed) once the bytes read pass it. Counts alongside whoever
 * reads the body (Next's handlers), which sees the same chunks. False when the request
 * was answered here.
 */
export function limitBody(req: IncomingMessage, res: ServerResponse, maxBytes: number): boolean {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > maxBytes) {
    tooLarge(res, maxBytes);
    req.resume();
    return false;
  }
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) return true;
  let read = 0;
  const count = (chunk: Buffer) => {
    read += chunk.length;
    if (read <= maxBytes) return;
    req.off('data', count);
    // No more of the body is read: the answer goes out, then the connection closes.
    req.pause();
    if (res.headersSent) return void req.destroy();
    res.once('finish', () => req.destroy());
    tooLarge(res, maxBytes);
  };
  req.on('data', count);
  // Adding a 'data' listener starts the flow; the handler that reads the body resumes it.
  req.pause();
  return true;
}

function tooLarge(res: ServerResponse, maxBytes: number): void {
  if (res.headersSent) return void res.destroy();
  const body = JSON.stringify({
    ok: false,
    error: { code: 'PAYLOAD_TOO_LARGE', message: `Request bodies here are limited to ${maxBytes} bytes.` },
  });
  res.writeHead(413, { 'content-type': 'application/json', connection: 'close' }).end(body);
}
