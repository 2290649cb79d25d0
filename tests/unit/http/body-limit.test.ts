import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@/server/config';
import { bodyLimitFor, limitBody } from '@/server/http/body-limit';

const LIMIT = 10_000;
let server: Server;
let port = 0;
/** Bytes the handler behind the limit read, per request. */
const readByHandler: number[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (!limitBody(req, res, LIMIT)) return;
    // Reads the body the way a framework does: as a web stream over the request.
    new Response(Readable.toWeb(req) as ReadableStream)
      .arrayBuffer()
      .then((b) => {
        readByHandler.push(b.byteLength);
        if (!res.headersSent) res.writeHead(200).end(String(b.byteLength));
      })
      .catch(() => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** Sends `chunks` (chunked unless a length is given), as fast as the socket takes them; the status and what was sent. */
function send(chunks: Iterable<Buffer>, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
    let sent = 0;
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/x', headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sent }));
    });
    req.on('error', reject);
    const it = chunks[Symbol.iterator]();
    const pump = () => {
      for (;;) {
        const next = it.next();
        if (next.done) return void req.end();
        sent += next.value.length;
        if (!req.write(next.value)) return void req.once('drain', pump);
      }
    };
    pump();
  });
}

function* junk(total: number, size = 1000) {
  for (let n = 0; n < total; n += size) yield Buffer.alloc(Math.min(size, total - n), 7);
}

describe('request body limits', () => {
  it('passes a body within the limit to the handler untouched', async () => {
    expect(await send(junk(LIMIT))).toMatchObject({ status: 200, body: String(LIMIT) });
  });

  it('answers 413 at once to a declared length above the limit', async () => {
    const r = await send([Buffer.alloc(10)], { 'content-length': String(LIMIT + 1) }).catch(() => null);
    expect(r?.status ?? 413).toBe(413);
  });

  it('cuts a chunked body once the bytes read pass the limit: 413, and the handler never gets more', async () => {
    const before = readByHandler.length;
    const r = await send(junk(50 * LIMIT)).catch((e: Error) => ({ status: -1, body: e.message, sent: 0 }));
    expect([413, -1]).toContain(r.status);
    expect(readByHandler.length).toBe(before);
  });

  it('sets the sign-in endpoints a smaller limit than the API, and uploads their own', () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    expect(bodyLimitFor('/api/auth/callback/credentials', config)).toBe(config.AUTH_MAX_BODY_BYTES);
    expect(bodyLimitFor('/api/projects/demo/imports', config)).toBeGreaterThan(config.IMPORT_MAX_UPLOAD_BYTES);
    expect(bodyLimitFor('/api/projects/demo/imports?x=1', config)).toBeGreaterThan(config.IMPORT_MAX_UPLOAD_BYTES);
    expect(bodyLimitFor('/api/projects/demo', config)).toBe(config.API_MAX_BODY_BYTES);
    expect(config.AUTH_MAX_BODY_BYTES).toBeLessThan(config.API_MAX_BODY_BYTES);
  });
});
