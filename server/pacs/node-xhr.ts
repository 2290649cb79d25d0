import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { checkAddress, guardedLookup, type HostPolicy } from './host-guard';

/** Why a request got no complete answer (network, time, size); null when it got one. */
export type TransportFailure =
  | { kind: 'refused-host'; message: string }
  | { kind: 'network'; code: string; message: string }
  | { kind: 'timeout'; message: string }
  | { kind: 'truncated'; message: string }
  | { kind: 'too-large'; message: string }
  | { kind: 'redirect'; message: string };

export interface TransportOptions {
  policy: HostPolicy;
  /** No byte for this long ends the request. */
  idleTimeoutMs: number;
  /** The whole request may take at most this long. */
  totalTimeoutMs: number;
  /** Larger answers are refused (a series is fetched one instance at a time). */
  maxResponseBytes: number;
}

type ReadyHandler = () => void;

/**
 * The XMLHttpRequest that dicomweb-client drives (it is written for browsers), over Node's
 * http/https: connections go only to addresses the host policy allows, redirects are not
 * followed (a PACS that redirects elsewhere must be configured with the final URL), and a
 * slow, oversized or truncated answer fails with a reason in `failure`.
 */
export class NodeXhr {
  readyState = 0;
  status = 0;
  response: unknown = null;
  responseType: '' | 'arraybuffer' | 'json' | 'text' = '';
  withCredentials = false;
  failure: TransportFailure | null = null;
  onreadystatechange: ReadyHandler | null = null;
  onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null = null;
  onloadstart: ReadyHandler | null = null;
  onloadend: ReadyHandler | null = null;

  private method = 'GET';
  private url = '';
  private headers: Record<string, string> = {};
  private responseHeaders: http.IncomingHttpHeaders = {};

  /** overrides: headers set after the client's own (dicomweb-client cannot ask for transfer-syntax=*). */
  constructor(
    private readonly opts: TransportOptions,
    private readonly overrides: Record<string, string> = {},
  ) {}

  open(method: string, url: string): void {
    this.method = method.toUpperCase();
    this.url = url;
    this.readyState = 1;
  }

  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value;
  }

  getResponseHeader(name: string): string | null {
    const v = this.responseHeaders[name.toLowerCase()];
    return v === undefined ? null : Array.isArray(v) ? v.join(', ') : String(v);
  }

  getAllResponseHeaders(): string {
    return Object.entries(this.responseHeaders)
      .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
      .join('\r\n');
  }

  send(body?: ArrayBuffer | ArrayBufferView | string | null): void {
    this.onloadstart?.();
    const url = new URL(this.url);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      try {
        checkAddress(this.opts.policy, host, host);
      } catch (e) {
        return this.fail({ kind: 'refused-host', message: (e as Error).message });
      }
    }
    const payload = body == null ? undefined : toBuffer(body);
    const lib = url.protocol === 'https:' ? https : http;
    const req = lib.request(url, {
      method: this.method,
      headers: {
        ...this.headers,
        ...this.overrides,
        ...(payload ? { 'content-length': String(payload.byteLength) } : {}),
      },
      lookup: guardedLookup(this.opts.policy),
      timeout: this.opts.idleTimeoutMs,
    });
    const deadline = setTimeout(
      () => req.destroy(new TimeoutError(`no complete answer within ${this.opts.totalTimeoutMs / 1000} s`)),
      this.opts.totalTimeoutMs,
    );
    req.on('timeout', () =>
      req.destroy(new TimeoutError(`the PACS sent nothing for ${this.opts.idleTimeoutMs / 1000} s`)),
    );
    req.on('error', (err) => {
      clearTimeout(deadline);
      this.fail(classify(err));
    });
    req.on('response', (res) => this.receive(res, req, deadline));
    req.end(payload);
  }

  private receive(res: http.IncomingMessage, req: http.ClientRequest, deadline: NodeJS.Timeout): void {
    this.status = res.statusCode ?? 0;
    this.responseHeaders = res.headers;
    if (this.status >= 300 && this.status < 400) {
      res.resume();
      clearTimeout(deadline);
      return this.fail({
        kind: 'redirect',
        message: `the PACS redirects to ${String(res.headers.location ?? 'elsewhere')}; configure that URL instead`,
      });
    }
    const expected = Number(res.headers['content-length'] ?? NaN);
    const chunks: Buffer[] = [];
    let received = 0;
    res.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > this.opts.maxResponseBytes) {
        req.destroy(new TooLargeError(`the answer exceeds ${this.opts.maxResponseBytes} bytes`));
        return;
      }
      chunks.push(chunk);
      this.onprogress?.({ loaded: received, total: expected || 0, lengthComputable: Number.isFinite(expected) });
    });
    res.on('aborted', () => req.destroy(new TruncatedError(`the answer stopped after ${received} bytes`)));
    res.on('end', () => {
      clearTimeout(deadline);
      if (!res.complete || (Number.isFinite(expected) && received !== expected))
        return this.fail({
          kind: 'truncated',
          message: `the answer stopped after ${received} of ${Number.isFinite(expected) ? expected : '?'} bytes`,
        });
      const buf = Buffer.concat(chunks);
      try {
        this.response = decodeBody(buf, this.responseType);
      } catch {
        this.response = null;
        if (this.status >= 200 && this.status < 300)
          return this.fail({ kind: 'truncated', message: 'the answer is not valid JSON' });
      }
      this.finish();
    });
  }

  private fail(failure: TransportFailure): void {
    if (this.readyState === 4) return;
    this.failure = failure;
    this.status = 0;
    this.finish();
  }

  private finish(): void {
    if (this.readyState === 4) return;
    this.readyState = 4;
    this.onreadystatechange?.();
    this.onloadend?.();
  }
}

class TimeoutError extends Error {}
class TooLargeError extends Error {}
class TruncatedError extends Error {}

function classify(err: Error & { code?: string }): TransportFailure {
  if (err instanceof TimeoutError) return { kind: 'timeout', message: err.message };
  if (err instanceof TooLargeError) return { kind: 'too-large', message: err.message };
  if (err instanceof TruncatedError) return { kind: 'truncated', message: err.message };
  if ((err as { code?: string }).code === 'FORBIDDEN') return { kind: 'refused-host', message: err.message };
  if (err.code === 'ECONNRESET') return { kind: 'truncated', message: 'the PACS closed the connection mid-answer' };
  return { kind: 'network', code: err.code ?? 'ERROR', message: err.message };
}

function toBuffer(body: ArrayBuffer | ArrayBufferView | string): Buffer {
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function decodeBody(buf: Buffer, type: NodeXhr['responseType']): unknown {
  if (type === 'arraybuffer') return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  if (type === 'json') return buf.length === 0 ? null : (JSON.parse(buf.toString('utf8')) as unknown);
  return buf.toString('utf8');
}
