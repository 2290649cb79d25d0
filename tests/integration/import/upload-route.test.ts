import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '@/lib/auth/roles';
import { Semaphore } from '@/lib/concurrency/semaphore';
import { loadConfig, type AppConfig } from '@/server/config';
import { createLogger } from '@/server/logger';
import { setServices, type Services } from '@/server/services';
import { addMember, makeProject, makeUser } from '../../helpers/fixtures';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { ctSliceDicom, tempDir } from '../../unit/imaging/fixtures';

// The route wrapper reads the signed-in user from next-auth; here the test decides who it is.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/server/auth/session', () => ({ currentUser: async () => session.user }));

const { POST } = await import('@/app/api/projects/[slug]/imports/route');

let t: TestDatabase;
let data: Awaited<ReturnType<typeof tempDir>>;
let config: AppConfig;
let services: Services;
let slug: string;

const LIMIT_BYTES = 512 * 1024;
const LIMIT_FILES = 6;

beforeAll(async () => {
  t = await createTestDatabase();
  data = await tempDir('upload-route');
  config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: t.url,
    DATA_DIR: data.dir,
    IMPORT_MAX_UPLOAD_BYTES: String(LIMIT_BYTES),
    IMPORT_MAX_FILES: String(LIMIT_FILES),
    IMPORT_MAX_CONCURRENT: '1',
    IMPORT_WORKERS: '0',
  });
  services = { config, db: t.db, log: createLogger('silent') };
  setServices(services);
  const lead = await makeUser(t.db, 'LEAD');
  const project = await makeProject(t.db, {}, lead.id);
  await addMember(t.db, project.id, lead.email, 'LEAD');
  slug = project.slug;
  session.user = { id: lead.id, email: lead.email, name: lead.name, role: 'LEAD' };
});
afterAll(async () => {
  await t.drop();
  await data.cleanup();
});

function post(body: BodyInit, headers: Record<string, string> = {}) {
  const req = new Request(`http://test.local/api/projects/${slug}/imports`, {
    method: 'POST',
    body,
    headers,
    duplex: 'half',
  } as RequestInit);
  return POST(req, { params: Promise.resolve({ slug }) });
}

/** A multipart body as a browser's FormData sends it, streamed in small chunks (chunked: no length). */
async function multipart(form: FormData) {
  const encoded = new Request('http://x', { method: 'POST', body: form });
  const type = encoded.headers.get('content-type')!;
  const bytes = new Uint8Array(await encoded.arrayBuffer());
  return { type, bytes };
}

function chunked(chunks: () => Iterator<Uint8Array>): ReadableStream<Uint8Array> {
  const it = chunks();
  return new ReadableStream({
    pull(controller) {
      const next = it.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
}

function* slices(bytes: Uint8Array, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const leftovers = async () => readdir(path.join(data.dir, 'uploads')).catch(() => []);

describe('the upload route streams to disk within its limits', () => {
  it('imports the images, refuses junk by its first bytes, skips what is not an image, and leaves no temporary files', async () => {
    const form = new FormData();
    const add = (bytes: Uint8Array, name: string) => {
      form.append('files', new Blob([Buffer.from(bytes)]), path.basename(name));
      form.append('paths', name);
    };
    add(ctSliceDicom(1).bytes, 'study/a.dcm');
    add(ctSliceDicom(2).bytes, 'study/b.dcm');
    add(randomBytes(4096), 'study/junk.dcm');
    add(new TextEncoder().encode('notes'), 'study/readme.txt');
    form.append('split', 'train');
    const { type, bytes } = await multipart(form);
    const res = await post(
      chunked(() => slices(bytes, 1000)),
      { 'content-type': type },
    );
    const body = (await res.json()) as { ok: boolean; data: Record<string, unknown> };
    expect(res.status).toBe(200);
    expect(body.data).toMatchObject({ files: 4, imported: 2, rejected: 1, skipped: 1 });
    expect(body.data.rejectedByReason).toEqual({ 'not-an-image': 1 });
    const scans = await t.db.scan.findMany({ select: { originalName: true, split: true } });
    expect(scans.map((s) => s.originalName).sort()).toEqual(['study/a.dcm', 'study/b.dcm']);
    expect(scans.every((s) => s.split === 'TRAIN')).toBe(true);
    expect(await leftovers()).toEqual([]);
  });

  it('stops reading a chunked body at the byte limit (no length header to trust) and keeps nothing', async () => {
    let sent = 0;
    const junk = randomBytes(64 * 1024);
    const body = chunked(function* () {
      yield new TextEncoder().encode('--b\r\ncontent-disposition: form-data; name="files"; filename="x.dcm"\r\n\r\n');
      // Without end: only the limit stops it.
      for (;;) {
        sent += junk.length;
        yield junk;
      }
    });
    const res = await post(body, { 'content-type': 'multipart/form-data; boundary=b' });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(sent).toBeLessThan(LIMIT_BYTES + 4 * junk.length);
    expect(await leftovers()).toEqual([]);
    expect(await t.db.importBatch.count({ where: { state: 'RUNNING' } })).toBe(0);
  });

  it('a length header that lies does not raise the limit', async () => {
    const junk = randomBytes(LIMIT_BYTES * 2);
    const form = new FormData();
    form.append('files', new Blob([junk]), 'big.png');
    const { type, bytes } = await multipart(form);
    const res = await post(
      chunked(() => slices(bytes, 16 * 1024)),
      { 'content-type': type, 'content-length': '100' },
    );
    expect(res.status).toBe(413);
  });

  it('refuses more files than the limit', async () => {
    const form = new FormData();
    for (let i = 0; i <= LIMIT_FILES; i++) form.append('files', new Blob([new Uint8Array(10)]), `f${i}.txt`);
    const { type, bytes } = await multipart(form);
    const res = await post(bytes, { 'content-type': type });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/limited to 6 files/);
    expect(await leftovers()).toEqual([]);
  });

  it('runs IMPORT_MAX_CONCURRENT imports at once and refuses another with 429 meanwhile', async () => {
    services.importSlots = new Semaphore(1);
    const form = new FormData();
    form.append('files', new Blob([Buffer.from(ctSliceDicom(3).bytes)]), 'c.dcm');
    const { type, bytes } = await multipart(form);
    let resume: () => void = () => {};
    const held = new Promise<void>((r) => (resume = r));
    // The first upload stalls half-way, holding its slot.
    const first = post(
      new ReadableStream({
        async start(controller) {
          controller.enqueue(bytes.subarray(0, 200));
          await held;
          controller.enqueue(bytes.subarray(200));
          controller.close();
        },
      }),
      { 'content-type': type },
    );
    await new Promise((r) => setTimeout(r, 100));
    const second = await post(bytes, { 'content-type': type });
    expect(second.status).toBe(429);
    resume();
    expect((await first).status).toBe(200);
    expect((await post(bytes, { 'content-type': type })).status).toBe(200);
  });

  it('answers a body that is not multipart with 415 and says what it needs', async () => {
    const res = await post('hello', { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    const body = (await res.json()) as { ok: boolean; error: { message: string } };
    expect(body.ok).toBe(false);
    expect(body.error.message).toContain('multipart/form-data');
  });
});
