import { api } from 'dicomweb-client';
import { AppError } from '@/lib/errors/app-error';
import type { Logger } from '@/server/logger';
import type { HostPolicy } from './host-guard';
import { NodeXhr, type TransportFailure, type TransportOptions } from './node-xhr';
import { withRetries } from './with-retries';

/** A DICOM JSON dataset as QIDO-RS answers it: tag -> { vr, Value }. */
export type DicomJson = Record<string, { vr: string; Value?: unknown[] } | undefined>;

export interface PacsConnection {
  baseUrl: string;
  /** Authorization header value, or none. */
  authorization?: string;
  policy: HostPolicy;
  timeouts?: Partial<Pick<TransportOptions, 'idleTimeoutMs' | 'totalTimeoutMs' | 'maxResponseBytes'>>;
  /** Attempts for a request that failed in a way worth retrying (default 4). */
  attempts?: number;
  /** First backoff, doubled each retry (default 500 ms). */
  backoffMs?: number;
  log?: Logger;
}

/** The calls NeuroLoop makes, over dicomweb-client (QIDO-RS, WADO-RS, STOW-RS). */
export interface PacsClient {
  searchStudies(query: Record<string, string>): Promise<DicomJson[]>;
  searchSeries(query: Record<string, string>, studyInstanceUID?: string): Promise<DicomJson[]>;
  searchInstances(
    studyInstanceUID: string,
    seriesInstanceUID: string,
    query?: Record<string, string>,
  ): Promise<DicomJson[]>;
  /** One instance as stored (transfer-syntax=*), as a Part 10 file. */
  retrieveInstance(uids: { study: string; series: string; sop: string }): Promise<Uint8Array>;
  store(files: Uint8Array[]): Promise<void>;
}

interface RequestOptions {
  request: { instance: NodeXhr };
}
/** The part of dicomweb-client's class this module uses (its own typings leave `request` out). */
interface DicomWebApi {
  searchForStudies(o: RequestOptions & { queryParams?: Record<string, string> }): Promise<DicomJson[]>;
  searchForSeries(
    o: RequestOptions & { studyInstanceUID?: string; queryParams?: Record<string, string> },
  ): Promise<DicomJson[]>;
  searchForInstances(
    o: RequestOptions & { studyInstanceUID: string; seriesInstanceUID: string; queryParams?: Record<string, string> },
  ): Promise<DicomJson[]>;
  retrieveInstance(
    o: RequestOptions & {
      studyInstanceUID: string;
      seriesInstanceUID: string;
      sopInstanceUID: string;
    },
  ): Promise<ArrayBuffer>;
  storeInstances(o: RequestOptions & { datasets: ArrayBuffer[] }): Promise<unknown>;
}

const DEFAULT_TIMEOUTS: Omit<TransportOptions, 'policy'> = {
  idleTimeoutMs: 30_000,
  totalTimeoutMs: 5 * 60_000,
  maxResponseBytes: 1024 * 1024 * 1024,
};

export function createPacsClient(conn: PacsConnection): PacsClient {
  const client = new api.DICOMwebClient({
    url: conn.baseUrl,
    headers: conn.authorization ? { Authorization: conn.authorization } : {},
    verbose: false,
    singlepart: false,
  }) as unknown as DicomWebApi;
  const transport: TransportOptions = { policy: conn.policy, ...DEFAULT_TIMEOUTS, ...conn.timeouts };
  const host = new URL(conn.baseUrl).host;

  async function call<T>(
    what: string,
    fn: (request: { instance: NodeXhr }) => Promise<T>,
    overrides?: Record<string, string>,
  ): Promise<T> {
    return withRetries(
      async () => {
        const instance = new NodeXhr(transport, overrides);
        try {
          return await fn({ instance });
        } catch (e) {
          throw pacsError(host, what, instance, e);
        }
      },
      {
        attempts: conn.attempts ?? 4,
        backoffMs: conn.backoffMs ?? 500,
        retryable: (e) =>
          e instanceof AppError && (e.details as { retryable?: boolean } | undefined)?.retryable === true,
        onRetry: (e, attempt, delayMs) =>
          conn.log?.warn({ host, what, attempt, delayMs, err: e.message }, 'PACS request failed; retrying'),
      },
    );
  }

  return {
    searchStudies: (queryParams) =>
      call('searching studies', (request) => client.searchForStudies({ queryParams, request })),
    searchSeries: (queryParams, studyInstanceUID) =>
      call('searching series', (request) =>
        client.searchForSeries({ ...(studyInstanceUID ? { studyInstanceUID } : {}), queryParams, request }),
      ),
    searchInstances: (studyInstanceUID, seriesInstanceUID, queryParams = {}) =>
      call('listing instances', (request) =>
        client.searchForInstances({ studyInstanceUID, seriesInstanceUID, queryParams, request }),
      ),
    async retrieveInstance(uids) {
      // As stored (transfer-syntax=*): no transcoding on the PACS; the importer decodes or refuses each syntax.
      // dicomweb-client 0.11 refuses a single media type with a transfer syntax, so the header is set here.
      const buffer = await call(
        `retrieving instance ${uids.sop}`,
        (request) =>
          client.retrieveInstance({
            studyInstanceUID: uids.study,
            seriesInstanceUID: uids.series,
            sopInstanceUID: uids.sop,
            request,
          }),
        { Accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' },
      );
      if (!(buffer instanceof ArrayBuffer) || buffer.byteLength === 0)
        throw new AppError({ code: 'UPSTREAM', message: `${host} sent no DICOM file for instance ${uids.sop}` });
      return new Uint8Array(buffer);
    },
    async store(files) {
      const datasets = files.map((f) => f.buffer.slice(f.byteOffset, f.byteOffset + f.byteLength) as ArrayBuffer);
      await call('storing', (request) => client.storeInstances({ datasets, request }));
    },
  };
}

/** One clear error for a failed request: what failed, where, why, and whether a retry may help. */
function pacsError(host: string, what: string, xhr: NodeXhr, cause: unknown): AppError {
  if (cause instanceof AppError) return cause;
  const failure: TransportFailure | null = xhr.failure;
  if (failure) {
    const retryable = failure.kind === 'network' || failure.kind === 'timeout' || failure.kind === 'truncated';
    const why =
      failure.kind === 'network'
        ? failure.code === 'ECONNREFUSED' || failure.code === 'ENOTFOUND' || failure.code === 'EHOSTUNREACH'
          ? `the PACS is unreachable (${failure.code})`
          : `network error (${failure.message})`
        : failure.message;
    const code = failure.kind === 'refused-host' ? 'FORBIDDEN' : 'UPSTREAM';
    return new AppError({
      code,
      message: `${host}: ${what} failed: ${why}`,
      details: { retryable, kind: failure.kind },
    });
  }
  const status = xhr.status;
  if (status === 401 || status === 403)
    return new AppError({
      code: 'UPSTREAM',
      message: `${host}: ${what} failed: the PACS refused the credentials (HTTP ${status})`,
      details: { retryable: false, status },
    });
  if (status === 404)
    return new AppError({
      code: 'UPSTREAM',
      message: `${host}: ${what} failed: not found (HTTP 404); is the URL the DICOMweb root?`,
      details: { retryable: false, status },
    });
  if (status >= 400)
    return new AppError({
      code: 'UPSTREAM',
      message: `${host}: ${what} failed: HTTP ${status}`,
      details: { retryable: status >= 500 || status === 429, status },
    });
  const message = cause instanceof Error ? cause.message : String(cause);
  return new AppError({
    code: 'UPSTREAM',
    message: `${host}: ${what} failed: the answer could not be read (${message})`,
    details: { retryable: true },
  });
}
