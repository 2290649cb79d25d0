import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { AppError } from '@/lib/errors/app-error';
import { hasImageExtension, sniffImageKind } from '@/lib/imaging/sniff';
import type { ImportItem } from './import-port';

export interface UploadLimits {
  /** Bytes of the request body actually read (chunked or not). */
  maxBytes: number;
  /** Files in one upload. */
  maxFiles: number;
  /** One file's bytes: no image the importer accepts is larger (IMPORT_MAX_PIXELS at 8 bytes a pixel, plus headers). */
  maxFileBytes: number;
  /** The labels CSV. */
  maxLabelsBytes: number;
}

export interface ReceivedUpload {
  /** The temporary folder holding the files; remove() deletes it. */
  dir: string;
  items: ImportItem[];
  labelsCsv: string | null;
  split: string | null;
  bytesRead: number;
  remove(): Promise<void>;
}

/** Bytes of a file looked at before anything is written: enough for every format's magic (DICOM's is at 128). */
const SNIFF_BYTES = 132;
const MAX_FIELD_BYTES = 64 * 1024;

/**
 * Receives the import page's multipart upload as a stream: each file's first bytes are
 * sniffed (DICOM, PNG, JPEG) before any of it is stored; an image is written to a
 * temporary folder under `tempRoot` as it arrives, anything else is read past and
 * reported (skipped, or refused when its name promises an image). Limits count the
 * bytes actually read, whatever the request's headers claim; exceeding the body or
 * file-count limit fails the whole upload (PAYLOAD_TOO_LARGE) and deletes what was written.
 * Memory stays at a few stream buffers whatever the upload's size.
 */
export async function receiveUpload(
  body: ReadableStream<Uint8Array> | null,
  contentType: string | null,
  limits: UploadLimits,
  tempRoot: string,
): Promise<ReceivedUpload> {
  if (!body || !contentType?.toLowerCase().startsWith('multipart/form-data'))
    throw new AppError({ code: 'BAD_REQUEST', message: 'Expected a multipart form with files.' });
  await mkdir(tempRoot, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(path.join(tempRoot, 'upload-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    const received = await parse(Readable.fromWeb(body as WebReadableStream), contentType, {
      limits,
      dir,
    });
    return { ...received, dir, remove };
  } catch (e) {
    await remove();
    throw e;
  }
}

interface FilePart {
  index: number;
  name: string;
  stored: Stored | null;
}

function parse(source: Readable, contentType: string, opts: { limits: UploadLimits; dir: string }) {
  const { limits, dir } = opts;
  return new Promise<Omit<ReceivedUpload, 'dir' | 'remove'>>((resolve, reject) => {
    let bytesRead = 0;
    let failed: Error | null = null;
    const parts: FilePart[] = [];
    const paths: string[] = [];
    const writes: Promise<void>[] = [];
    let labels: Promise<string> | null = null;
    let split: string | null = null;

    const fail = (e: Error) => {
      if (failed) return;
      failed = e;
      source.unpipe();
      source.destroy();
      parser.destroy();
      Promise.allSettled(writes).then(() => reject(e));
    };
    const counter = new Transform({
      transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
        bytesRead += chunk.length;
        if (bytesRead > limits.maxBytes) return done(tooLarge(limits.maxBytes));
        done(null, chunk);
      },
    });
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        limits: { files: limits.maxFiles, fields: limits.maxFiles + 16, fieldSize: MAX_FIELD_BYTES },
      });
    } catch (e) {
      return reject(new AppError({ code: 'BAD_REQUEST', message: `Not a multipart upload: ${(e as Error).message}` }));
    }
    parser.on('filesLimit', () =>
      fail(
        new AppError({
          code: 'PAYLOAD_TOO_LARGE',
          message: `Uploads are limited to ${limits.maxFiles} files; import in parts or use \`neuroloop import\`.`,
        }),
      ),
    );
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated)
        return fail(new AppError({ code: 'BAD_REQUEST', message: `The field ${name} is too long.` }));
      if (name === 'paths') paths.push(value);
      else if (name === 'split') split = value;
    });
    parser.on('file', (field, stream, info) => {
      // A part cut off by a failed upload errors; the upload's failure is reported once, by fail().
      stream.on('error', () => undefined);
      if (failed) return stream.resume();
      if (field === 'labels') {
        labels = readText(stream, limits.maxLabelsBytes);
        labels.catch(fail);
        return;
      }
      if (field !== 'files') return stream.resume();
      const part: FilePart = { index: parts.length, name: info.filename || `file-${parts.length + 1}`, stored: null };
      parts.push(part);
      const write = storeFile(stream, path.join(dir, `${part.index}`), limits.maxFileBytes).then((stored) => {
        part.stored = stored;
      });
      writes.push(write);
      write.catch(fail);
    });
    parser.on('error', (e: Error) => fail(new AppError({ code: 'BAD_REQUEST', message: `Bad upload: ${e.message}` })));
    parser.on('close', () => {
      if (failed) return;
      Promise.all([Promise.all(writes), labels ?? Promise.resolve(null)])
        .then(([, labelsCsv]) => {
          if (failed) return;
          const items = parts.map((p) => itemOf(paths[p.index] || p.name, p.stored));
          resolve({ items, labelsCsv, split, bytesRead });
        })
        .catch(fail);
    });
    source.on('error', (e) =>
      fail(e instanceof AppError ? e : new AppError({ code: 'BAD_REQUEST', message: 'The upload was interrupted.' })),
    );
    counter.on('error', (e) => fail(e));
    source.pipe(counter).pipe(parser);
  });
}

type Stored = { kind: 'stored'; filePath: string } | { kind: 'not-an-image' } | { kind: 'too-large'; maxBytes: number };

/**
 * One file part: its first bytes decide; an image is written to `filePath` (to at most
 * `maxBytes`), anything else is read past without being stored.
 */
async function storeFile(stream: Readable, filePath: string, maxBytes: number): Promise<Stored> {
  const head = await readHead(stream, SNIFF_BYTES);
  if (!sniffImageKind(head.bytes.subarray(0, SNIFF_BYTES))) {
    stream.resume();
    return { kind: 'not-an-image' };
  }
  let written = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      written += chunk.length;
      done(written > maxBytes ? new FileTooLarge() : null, chunk);
    },
  });
  async function* rest() {
    yield head.bytes;
    if (!head.ended) for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
  }
  try {
    await pipeline(Readable.from(rest()), limit, createWriteStream(filePath, { mode: 0o600 }));
  } catch (e) {
    await rm(filePath, { force: true });
    if (!(e instanceof FileTooLarge)) throw e;
    stream.resume();
    return { kind: 'too-large', maxBytes };
  }
  return { kind: 'stored', filePath };
}

class FileTooLarge extends Error {}

/** At least the first `n` bytes of a stream (everything, when it ends sooner); the stream is left paused. */
function readHead(stream: Readable, n: number): Promise<{ bytes: Buffer; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (ended: boolean) => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', reject);
      stream.pause();
      resolve({ bytes: Buffer.concat(chunks), ended });
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= n) done(false);
    };
    const onEnd = () => done(true);
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', reject);
  });
}

async function readText(stream: Readable, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      stream.resume();
      throw new AppError({ code: 'PAYLOAD_TOO_LARGE', message: `The labels CSV is larger than ${maxBytes} bytes.` });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** What the importer gets for a part: the stored file, or the verdict the first bytes already gave. */
function itemOf(name: string, stored: Stored | null): ImportItem {
  if (stored?.kind === 'stored') return { name, filePath: stored.filePath };
  if (stored?.kind === 'too-large')
    return {
      name,
      verdict: {
        status: 'rejected',
        reason: 'too-many-pixels',
        message: `file is more than ${stored.maxBytes} bytes, more than the pixel limit allows`,
      },
    };
  // A name that promises an image gets a reason; anything else (notes, .DS_Store) is skipped, as the CLI does.
  return hasImageExtension(name)
    ? {
        name,
        verdict: {
          status: 'rejected',
          reason: 'not-an-image',
          message: `${name} is not a PNG, JPEG or DICOM Part 10 file (by its first bytes)`,
        },
      }
    : { name, verdict: { status: 'skipped', message: 'not an image file' } };
}

function tooLarge(maxBytes: number): AppError {
  return new AppError({
    code: 'PAYLOAD_TOO_LARGE',
    message: `Uploads are limited to ${Math.round(maxBytes / 2 ** 20)} MiB per request; import in parts or use \`neuroloop import\`.`,
  });
}
