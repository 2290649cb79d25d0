import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { el, writePart10 } from '@/lib/dicom/write-part10';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';
import { createLogger } from '@/server/logger';
import type { PacsContext } from '@/server/pacs/pacs-context';
import { addPacsSource } from '@/server/use-cases/add-pacs-source';
import { importPacsSeries } from '@/server/use-cases/import-pacs-series';
import { listPacsSources } from '@/server/use-cases/list-pacs-sources';
import { queryPacsSeries } from '@/server/use-cases/query-pacs-series';
import { makeProject, makeUser } from '../../helpers/fixtures';
import { freePort, orthancMissingReason, startTestOrthanc, type TestOrthanc } from '../../helpers/orthanc';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';

const missing = orthancMissingReason();
if (missing) process.stdout.write(`SKIP PACS fault tests: ${missing}\n`);

const user = { name: 'neuroloop', password: 'orthanc-test-password' };
const basic = { kind: 'basic' as const, username: user.name, password: user.password };

/** In front of Orthanc: cuts the first `cut` WADO-RS instance answers short (headers say more than comes). */
function truncatingProxy(target: string, cut: { remaining: number }): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const upstream = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
      const isInstance = /\/instances\/[\d.]+$/.test(req.url ?? '');
      if (isInstance && cut.remaining > 0) {
        cut.remaining -= 1;
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          const body = Buffer.concat(chunks);
          res.writeHead(up.statusCode ?? 200, { ...up.headers, 'content-length': String(body.length) });
          res.write(body.subarray(0, body.length >> 1));
          res.socket?.destroy();
        });
        return;
      }
      res.writeHead(up.statusCode ?? 200, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${a.port}/dicom-web`,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    }),
  );
}

describe.skipIf(missing)(
  'PACS faults: unreachable, wrong credentials, truncated answers, unsupported syntaxes, private hosts',
  () => {
    let t: TestDatabase;
    let orthanc: TestOrthanc;
    let dir: string;
    let ctx: PacsContext;
    let series: Uint8Array[];
    beforeAll(async () => {
      [t, orthanc] = await Promise.all([createTestDatabase(), startTestOrthanc({ user })]);
      dir = mkdtempSync(path.join(os.tmpdir(), 'nl-pacs-faults-'));
      ctx = {
        key: Buffer.alloc(32, 9),
        policy: { allowed: ['127.0.0.1'] },
        idleTimeoutMs: 5_000,
        attempts: 3,
        backoffMs: 10,
        downloadConcurrency: 2,
        log: createLogger('silent', 'pacs-test'),
      };
      const out = path.join(dir, 'ct');
      await writeSynthDataset({ kind: 'ct-hemorrhage', count: 3, outDir: out, seed: 31, difficulty: 0.5, size: 64 });
      series = readdirSync(out)
        .filter((f) => f.endsWith('.dcm'))
        .sort()
        .map((f) => readFileSync(path.join(out, f)));
      expect(await orthanc.stow(series)).toBe(200);
    });
    afterAll(async () => {
      await Promise.all([t?.drop(), orthanc?.stop()]);
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    async function setup(
      baseUrl: string,
      auth: { kind: 'basic'; username: string; password: string } | { kind: 'none' },
    ) {
      const lead = await makeUser(t.db, 'LEAD');
      const project = await makeProject(t.db, {}, lead.id);
      const source = await addPacsSource(t.db, ctx, {
        projectId: project.id,
        userId: lead.id,
        source: { name: 'pacs', baseUrl, auth },
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

    it('an unreachable PACS: a clear error after retries', async () => {
      const { common } = await setup(`http://127.0.0.1:${await freePort()}/dicom-web`, { kind: 'none' });
      await expect(queryPacsSeries(t.db, ctx, common)).rejects.toThrow(/unreachable \(ECONNREFUSED\)/);
    });

    it('wrong credentials are refused clearly; the right ones work and are never given back', async () => {
      const wrong = await setup(orthanc.dicomWebUrl, { kind: 'basic', username: user.name, password: 'wrong' });
      await expect(queryPacsSeries(t.db, ctx, wrong.common)).rejects.toThrow(/refused the credentials \(HTTP 401\)/);
      const right = await setup(orthanc.dicomWebUrl, basic);
      const { series: found } = await queryPacsSeries(t.db, ctx, right.common);
      expect(found).toHaveLength(1);
      const views = await listPacsSources(t.db, right.project.id);
      expect(views[0]).toMatchObject({ auth: 'basic', username: user.name, hasSecret: true });
      expect(JSON.stringify(views)).not.toContain(user.password);
      const row = await t.db.pacsSource.findUniqueOrThrow({ where: { id: right.source.id } });
      expect(row.secretCiphertext).not.toContain(user.password);
    });

    it('a private address not allowed by the operator is refused before any request', async () => {
      const { common } = await setup(orthanc.dicomWebUrl, basic);
      await expect(queryPacsSeries(t.db, { ...ctx, policy: { allowed: [] } }, common)).rejects.toThrow(
        /private or local address; an operator allows it with PACS_ALLOWED_HOSTS=127\.0\.0\.1/,
      );
    });

    it('truncated WADO answers are retried; when they keep failing nothing is imported and the instances are listed', async () => {
      const cut = { remaining: 2 };
      const proxy = await truncatingProxy(orthanc.url, cut);
      try {
        const { common } = await setup(proxy.url, basic);
        const [s] = (await queryPacsSeries(t.db, ctx, common)).series;
        const uids = { studyInstanceUid: s.studyInstanceUid, seriesInstanceUid: s.seriesInstanceUid };
        const retried = await importPacsSeries(t.db, ctx, { ...common, ...uids });
        expect(cut.remaining).toBe(0);
        expect(retried).toMatchObject({ state: 'imported', imported: 3, failures: [] });

        const other = await setup(proxy.url, basic);
        cut.remaining = 1000;
        const failed = await importPacsSeries(t.db, { ...ctx, attempts: 2 }, { ...other.common, ...uids });
        expect(failed.state).toBe('failed');
        expect(failed.failures).toHaveLength(3);
        expect(failed.failures[0].message).toMatch(/stopped after \d+ of \d+ bytes|closed the connection/);
        expect(await t.db.scan.count({ where: { projectId: other.project.id } })).toBe(0);
        const row = await t.db.pacsSeries.findFirstOrThrow({ where: { sourceId: other.source.id } });
        expect(row).toMatchObject({ state: 'FAILED', imported: 0 });
        // Once the PACS answers whole again, the series imports.
        cut.remaining = 0;
        expect(await importPacsSeries(t.db, ctx, { ...other.common, ...uids })).toMatchObject({
          state: 'imported',
          imported: 3,
        });
      } finally {
        await proxy.close();
      }
    });

    it('a series mixing transfer syntaxes imports what decodes and lists an unsupported one with its reason', async () => {
      const [first] = series;
      const dicomParser = (await import('dicom-parser')).default;
      const ds = dicomParser.parseDicom(first);
      const study = ds.string('x0020000d')!;
      const seriesUid = '2.25.99887766554433221100';
      const header = [
        el('Modality', 'CT'),
        el('StudyInstanceUID', study),
        el('SeriesInstanceUID', seriesUid),
        el('Rows', 8),
        el('Columns', 8),
        el('BitsAllocated', 16),
        el('BitsStored', 16),
        el('HighBit', 15),
        el('PixelRepresentation', 0),
        el('SamplesPerPixel', 1),
        el('PhotometricInterpretation', 'MONOCHROME2'),
      ];
      const sopClassUid = '1.2.840.10008.5.1.4.1.1.2';
      const plain = writePart10({
        sopClassUid,
        sopInstanceUid: '2.25.1234501',
        transferSyntaxUid: '1.2.840.10008.1.2.1',
        elements: header,
        pixelData: new Uint16Array(64).map((_, i) => i * 10),
      });
      const mpeg = writePart10({
        sopClassUid,
        sopInstanceUid: '2.25.1234502',
        transferSyntaxUid: '1.2.840.10008.1.2.4.100',
        elements: header,
        pixelData: { frames: [new Uint8Array(64).fill(7)] },
      });
      expect(await orthanc.stow([plain, mpeg])).toBe(200);
      const { common } = await setup(orthanc.dicomWebUrl, basic);
      const r = await importPacsSeries(t.db, ctx, { ...common, studyInstanceUid: study, seriesInstanceUid: seriesUid });
      expect(r).toMatchObject({ state: 'imported', instances: 2, imported: 1 });
      expect(r.failures).toEqual([
        expect.objectContaining({ sopInstanceUid: '2.25.1234502', reason: 'unsupported-syntax' }),
      ]);
      const [listed] = (await queryPacsSeries(t.db, ctx, common)).series.filter(
        (s) => s.seriesInstanceUid === seriesUid,
      );
      expect(listed.import?.failures).toHaveLength(1);
    });
  },
);
