import type { IncomingMessage } from 'node:http';
import { checkSameOrigin } from '@/lib/auth/same-origin';
import type { Logger } from '@/server/logger';

/**
 * Socket.IO's `allowRequest`: a handshake from a page on another origin is refused before
 * the session cookie it carries is read (cookies do not separate the ports of one host).
 */
export function sameOriginHandshake(publicOrigin: string | undefined, log: Logger) {
  return (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void => {
    const header = (name: string) => {
      const v = req.headers[name];
      return typeof v === 'string' ? v : null;
    };
    const verdict = checkSameOrigin({
      origin: header('origin'),
      secFetchSite: header('sec-fetch-site'),
      host: header('host'),
      publicOrigin,
    });
    if (verdict.ok) return callback(null, true);
    log.warn({ origin: header('origin') }, 'cross-site socket handshake refused');
    callback(verdict.reason, false);
  };
}
