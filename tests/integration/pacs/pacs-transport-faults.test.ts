import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';
import { createLogger } from '@/server/logger';
import type { PacsContext } from '@/server/pacs/pacs-context';
import { addPacsSource } from '@/server/use-cases/add-pacs-source';
import { importPacsSeries } from '@/server/use-cases/import-pacs-series';
import { queryPacsSeries } from '@/server/use-cases/query-pacs-series';
import { makeProject, makeUser } from '../../helpers/fixtures';
import { orthancMissingReason, startTestOrthanc, type TestOrthanc } from '../../helpers/orthanc';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';

const missing = orthancMissingReason();
if (missing) process.stdout.write(`SKIP PACS transport fault tests: ${missing}\n`);

interface Front {
  url: string;
  /** Requests it received. */
  hits: string[];
  close(): Promise<void>;
}

/** A server on 127.0.0.1 whose answers `handle` decides (or passes to Orthanc with `forward`). */
function front(
  handle: (req: http.IncomingMessage, res: http.ServerResponse, forward: () => void) => void,
  target: string,
): Promise<Front> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    const forward = () => {
      const up = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(up);
    };
    handle(req, res, forward);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}/dicom-web`,
        hits,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    }),
  );
}

describe.skipIf(missing)('PACS transport faults: a stalled answer, a redirect, local and link-local hosts', () => {
  let t: TestDatabase;
  let orthanc: TestOrthanc;
  let dir: string;
  let ctx: PacsContext;
  beforeAll(async () => {
    [t, orthanc] = await Promise.all([createTestDatabase(), startTestOrthanc()]);
    dir = mkdtempSync(path.join(os.tmpdir(), 'nl-pacs-transport-'));
    ctx = {
      key: Buffer.alloc(32, 5),
      policy: { allowed: ['127.0.0.1'] },
      idleTimeoutMs: 400,
      attempts: 3,
      backoffMs: 10,
      downloadConcurrency: 2,
      log: createLogger('silent', 'pacs-test'),
    };
    const out = path.join(dir, 'ct');
    await writeSynthDataset({ kind: 'ct-hemorrhage', count: 2, outDir: out, seed: 77, difficulty: 0.5, size: 64 });
    const files = readdirSync(out)
      .filter((f) => f.endsWith('.dcm'))
      .map((f) => readFileSync(path.join(out, f)));
    expect(await orthanc.stow(files)).toBe(200);
  });
  afterAll(async () => {
    await Promise.all([t?.drop(), orthanc?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function setup(baseUrl: string) {
    const lead = await makeUser(t.db, 'LEAD');
    const project = await makeProject(t.db, {}, lead.id);
    const source = await addPacsSource(t.db, ctx, {
      projectId: project.id,
      userId: lead.id,
      source: { name: 'pacs', baseUrl },
    });
    const common = {
      projectId: project.id,
      userId: lead.id,
      sourceId: source.id,
      storageDir: path.join(dir, 'storage'),
      maxPixels: 1 << 24,
    };
    return { project, source, common };
  }

  it('a WADO answer that stalls mid-body times out, is retried with backoff, and imports nothing when it keeps stalling', async () => {
    const stalled: http.ServerResponse[] = [];
    const pacs = await front((req, res, forward) => {
      if (!/\/instances\/[\d.]+$/.test(req.url ?? '')) return forward();
      // Headers and a first chunk, then silence: the connection stays open.
      res.writeHead(200, { 'content-type': 'multipart/related; type="application/dicom"', 'content-length': '100000' });
      res.write(Buffer.alloc(100));
      stalled.push(res);
    }, orthanc.url);
    try {
      const { project, source, common } = await setup(pacs.url);
      const [s] = (await queryPacsSeries(t.db, ctx, common)).series;
      const started = Date.now();
      const r = await importPacsSeries(t.db, ctx, {
        ...common,
        studyInstanceUid: s.studyInstanceUid,
        seriesInstanceUid: s.seriesInstanceUid,
      });
      const elapsedMs = Date.now() - started;
      expect(r.state).toBe('failed');
      expect(r.failures).toHaveLength(2);
      expect(r.failures[0].message).toMatch(/sent nothing for 0\.4 s/);
      // Three tries of each instance, no more: bounded by the attempts and the idle timeout.
      expect(pacs.hits.filter((h) => /\/instances\/[\d.]+$/.test(h))).toHaveLength(2 * 3);
      expect(elapsedMs).toBeLessThan(20_000);
      expect(await t.db.scan.count({ where: { projectId: project.id } })).toBe(0);
      expect(await t.db.pacsSeries.findFirstOrThrow({ where: { sourceId: source.id } })).toMatchObject({
        state: 'FAILED',
        imported: 0,
      });
    } finally {
      for (const res of stalled) res.destroy();
      await pacs.close();
    }
  });

  it('a redirect is refused, not followed, and not retried', async () => {
    const elsewhere = await front((_req, res, forward) => forward(), orthanc.url);
    const pacs = await front((req, res) => {
      res.writeHead(302, { location: `${elsewhere.url.replace('/dicom-web', '')}${req.url}` });
      res.end();
    }, orthanc.url);
    try {
      const { common } = await setup(pacs.url);
      await expect(queryPacsSeries(t.db, ctx, common)).rejects.toThrow(
        /the PACS redirects to http:\/\/127\.0\.0\.1:\d+\/dicom-web\/\S+; configure that URL instead/,
      );
      expect(pacs.hits).toHaveLength(1);
      expect(elsewhere.hits).toHaveLength(0);
    } finally {
      await Promise.all([pacs.close(), elsewhere.close()]);
    }
  });

  it('a loopback name or a link-local address is refused before any request unless the operator allows it', async () => {
    const pacs = await front((_req, _res, forward) => forward(), orthanc.url);
    try {
      const port = new URL(pacs.url).port;
      const byName = await setup(`http://localhost:${port}/dicom-web`);
      await expect(queryPacsSeries(t.db, { ...ctx, policy: { allowed: [] } }, byName.common)).rejects.toThrow(
        /localhost resolves to (127\.0\.0\.1|::1), a private or local address; an operator allows it with PACS_ALLOWED_HOSTS=localhost/,
      );
      expect(pacs.hits).toHaveLength(0);
      // Allowed by name, the same source works.
      const allowed = { ...ctx, policy: { allowed: ['localhost'] } };
      expect((await queryPacsSeries(t.db, allowed, byName.common)).series).toHaveLength(1);
      expect(pacs.hits.length).toBeGreaterThan(0);

      // The cloud metadata address: refused at once, no connection tried.
      const metadata = await setup('http://169.254.169.254/dicom-web');
      const started = Date.now();
      await expect(queryPacsSeries(t.db, ctx, metadata.common)).rejects.toThrow(
        /169\.254\.169\.254 resolves to 169\.254\.169\.254, a private or local address/,
      );
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      await pacs.close();
    }
  });
});
