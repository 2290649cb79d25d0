import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { requestExplanationResponseSchema } from '@/components/explain/explanation-api';
import type { SessionUser } from '@/lib/auth/roles';
import { encodePreview } from '@/lib/imaging/preview-format';
import type { DecodedImage } from '@/lib/imaging/types';
import { loadConfig } from '@/server/config';
import { listenForEvents } from '@/server/events/listen';
import type { CrossProcessEvent } from '@/server/events/notify';
import { startBoss } from '@/server/jobs/boss';
import { EXPLAIN_QUEUE, decodeHeatmapFile, explainSingletonKey } from '@/server/jobs/explain-queue';
import { createLogger } from '@/server/logger';
import { setServices } from '@/server/services';
import { requestExplanation } from '@/server/use-cases/request-explanation';
import { readPreview } from '@/server/imaging/preview-file';
import { loadArtifact, saveArtifact } from '@/trainer/artifacts';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { explainImage } from '@/trainer/explain/grad-cam';
import { registerExplainWorker } from '@/trainer/service/explain-worker';
import { trainModel } from '@/trainer/train/train-model';
import { addMember, makeProject, makeUser } from '../../helpers/fixtures';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { tinyDataset } from '../../unit/trainer/fixtures';

// The route wrapper reads the signed-in user from next-auth; here the test decides who it is.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/server/auth/session', () => ({ currentUser: async () => session.user }));

const { POST: postExplanation } = await import('@/app/api/projects/[slug]/explanations/route');
const { GET: getHeatmap } = await import('@/app/api/projects/[slug]/explanations/[modelVersionId]/[scanId]/route');

type User = Awaited<ReturnType<typeof makeUser>>;
const as = (u: User) => (session.user = { id: u.id, email: u.email, name: u.name, role: u.role });

async function post(slug: string, body: unknown) {
  const res = await postExplanation(
    new Request(`http://test.local/api/projects/${slug}/explanations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ slug }) },
  );
  return {
    status: res.status,
    body: (await res.json()) as { ok: boolean; data?: unknown; error?: { code: string; message: string } },
  };
}

async function get(slug: string, modelVersionId: string, scanId: string, classIndex?: number) {
  const query = classIndex === undefined ? '' : `?class=${classIndex}`;
  const url = `http://test.local/api/projects/${slug}/explanations/${modelVersionId}/${scanId}${query}`;
  return getHeatmap(new Request(url), { params: Promise.resolve({ slug, modelVersionId, scanId }) });
}

/** A non-square CT slice with a bright spot, stored as the importer would (previews/...). */
async function storeScan(t: TestDatabase, storageDir: string, projectId: string, name: string) {
  const [width, height] = [48, 32];
  const pixels = new Float32Array(width * height).fill(30);
  for (let y = 8; y < 14; y++) for (let x = 30; x < 36; x++) pixels[y * width + x] = 90;
  const image: DecodedImage = { pixels, width, height, modality: 'CT', hounsfield: true, meta: {} };
  const previewPath = `previews/test/${name}.nlprev`;
  await mkdir(path.join(storageDir, 'previews/test'), { recursive: true });
  await writeFile(path.join(storageDir, previewPath), encodePreview(image));
  return t.db.scan.create({
    data: {
      projectId,
      contentHash: `hash-${name}`,
      fileHash: `file-${name}`,
      originalPath: `/x/${name}.dcm`,
      originalName: `${name}.dcm`,
      previewPath,
      thumbnailPath: `thumbs/${name}.png`,
      modality: 'CT',
      width,
      height,
    },
  });
}

describe('Grad-CAM explanations: request → trainer job → heatmap → cache', () => {
  let t: TestDatabase;
  let storageDir: string;
  let appJobs: { boss: PgBoss; pool: pg.Pool };
  let trainer: { boss: PgBoss; pool: pg.Pool };
  let stopListening: () => Promise<void>;
  const events: CrossProcessEvent[] = [];
  let lead: User;
  let project: Awaited<ReturnType<typeof makeProject>>;
  let other: Awaited<ReturnType<typeof makeProject>>;
  let versionId: string;
  let otherVersionId: string;
  let scans: { id: string }[];
  const log = createLogger('silent');

  const jobsFor = async (key: string) =>
    Number(
      (
        await appJobs.pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM pgboss.job WHERE name = $1 AND singleton_key = $2`,
          [EXPLAIN_QUEUE, key],
        )
      ).rows[0].n,
    );

  const waitForEvent = async (type: string, scanId: string, classIndex = -1, timeoutMs = 60_000) => {
    const started = Date.now();
    for (;;) {
      const hit = events.find(
        (e) =>
          (e.event.type === 'explanation.ready' || e.event.type === 'explanation.failed') &&
          e.event.type === type &&
          e.event.scanId === scanId &&
          e.event.classIndex === classIndex,
      );
      if (hit) return hit;
      if (Date.now() - started > timeoutMs)
        throw new Error(
          `no ${type} for ${scanId} within ${timeoutMs} ms (saw ${events.map((e) => e.event.type).join(', ')})`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    storageDir = await mkdtemp(path.join(os.tmpdir(), 'nl-explain-'));
    const backend = await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: log });
    // Two processes in one: the app's queue client and the trainer's.
    appJobs = { boss: await startBoss(t.url, log), pool: new pg.Pool({ connectionString: t.url, max: 4 }) };
    trainer = { boss: await startBoss(t.url, log), pool: new pg.Pool({ connectionString: t.url, max: 2 }) };
    setServices({
      config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.url, STORAGE_DIR: storageDir }),
      db: t.db,
      log,
      jobs: appJobs,
    });
    stopListening = await listenForEvents(t.url, log, (e) => events.push(e));

    lead = await makeUser(t.db, 'ANNOTATOR', 'lead');
    project = await makeProject(
      t.db,
      { task: 'BINARY', labels: ['normal', 'bleed'], normalLabels: ['normal'], blindMode: false },
      lead.id,
    );
    other = await makeProject(t.db, { task: 'BINARY', labels: ['normal', 'bleed'], normalLabels: ['normal'] }, lead.id);
    scans = [await storeScan(t, storageDir, project.id, 'a'), await storeScan(t, storageDir, project.id, 'b')];

    // A real (tiny) trained CNN artifact, saved where the trainer saves them.
    const data = tinyDataset({ count: 24, size: 32, seed: 3, ct: true });
    const trained = await trainModel(
      { labels: ['normal', 'bleed'], train: data },
      { backend, config: { kind: 'cnn', preprocessing: { imageSize: 32 }, training: { epochs: 1, batchSize: 8 } } },
    );
    const artifactPath = `models/${project.id}/cnn-v1`;
    await saveArtifact(trained.model, path.join(storageDir, artifactPath), trained.card);
    trained.model.dispose();
    const base = {
      kind: 'CNN' as const,
      version: 1,
      backend: 'wasm',
      hyperParams: {},
      labelCount: 24,
      state: 'READY' as const,
      active: true,
    };
    versionId = (await t.db.modelVersion.create({ data: { ...base, projectId: project.id, artifactPath } })).id;
    otherVersionId = (
      await t.db.modelVersion.create({
        data: { ...base, projectId: other.id, artifactPath: `models/${other.id}/cnn-v1` },
      })
    ).id;
  });

  afterAll(async () => {
    await stopListening?.();
    for (const s of [appJobs, trainer]) {
      await s?.boss.stop({ graceful: false, wait: true });
      await s?.pool.end();
    }
    await t?.drop();
    if (storageDir) await rm(storageDir, { recursive: true, force: true });
  });

  it('refuses a model version or a scan of another project, and bad input', async () => {
    as(lead);
    const foreignVersion = await post(project.slug, { modelVersionId: otherVersionId, scanId: scans[0].id });
    expect(foreignVersion.status).toBe(404);
    expect(foreignVersion.body.error?.message).toMatch(/No such model version in this project/);
    const otherScan = await storeScan(t, storageDir, other.id, 'elsewhere');
    expect((await post(project.slug, { modelVersionId: versionId, scanId: otherScan.id })).status).toBe(404);
    expect((await post(project.slug, { modelVersionId: versionId })).status).toBe(400);
    expect((await get(project.slug, otherVersionId, scans[0].id)).status).toBe(404);
    expect(await t.db.explanation.count()).toBe(0);
  });

  it('queues one job however many ask at once; the heatmap is not ready yet', async () => {
    const deps = { db: t.db, ...appJobs, storageDir };
    const viewer = { id: lead.id, role: 'LEAD' as const };
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        requestExplanation(deps, {
          projectId: project.id,
          modelVersionId: versionId,
          scanId: scans[0].id,
          classIndex: -1,
          viewer,
        }),
      ),
    );
    expect(results.every((r) => r.explanation.state === 'QUEUED' && !r.cached)).toBe(true);
    expect(results.filter((r) => r.queued)).toHaveLength(1);
    expect(await jobsFor(explainSingletonKey({ modelVersionId: versionId, scanId: scans[0].id, classIndex: -1 }))).toBe(
      1,
    );
    expect(await t.db.explanation.count()).toBe(1);

    as(lead);
    const viaRoute = await post(project.slug, { modelVersionId: versionId, scanId: scans[0].id });
    expect(viaRoute.status).toBe(200);
    expect(requestExplanationResponseSchema.parse(viaRoute.body).data).toMatchObject({
      cached: false,
      queued: false,
      explanation: { state: 'QUEUED' },
    });
    const early = await get(project.slug, versionId, scans[0].id);
    expect(early.status).toBe(409);
  });

  it('is computed by the trainer, announced, served with its size, and cached for the next request', async () => {
    await registerExplainWorker(trainer.boss, { db: t.db, pool: trainer.pool, log, storageDir });
    const ready = await waitForEvent('explanation.ready', scans[0].id);
    expect(ready).toEqual({
      projectId: project.id,
      event: { type: 'explanation.ready', modelVersionId: versionId, scanId: scans[0].id, classIndex: -1 },
    });

    const row = await t.db.explanation.findUniqueOrThrow({
      where: { modelVersionId_scanId_classIndex: { modelVersionId: versionId, scanId: scans[0].id, classIndex: -1 } },
    });
    // What Grad-CAM computes for this artifact and this stored scan, here: the worker's must equal it.
    const classifier = await loadArtifact(path.join(storageDir, `models/${project.id}/cnn-v1`));
    const local = explainImage(classifier, await readPreview(path.join(storageDir, 'previews/test/a.nlprev')));
    classifier.model.dispose();
    // The last stage's layer, times the stage before it where their maps overlap (trainer/explain/grad-cam.ts).
    expect(local.layerName).toMatch(/^block3_relu1(\*block2_relu1)?$/);
    expect(row).toMatchObject({
      state: 'SUCCEEDED',
      layerName: local.layerName,
      heatmapPath: `explanations/${versionId}/${scans[0].id}.f32`,
      error: null,
    });
    expect(row.finishedAt).toBeInstanceOf(Date);
    await stat(path.join(storageDir, row.heatmapPath!));

    as(lead);
    const res = await get(project.slug, versionId, scans[0].id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    // The scan's own geometry (48 x 32), not the model's square input.
    expect([res.headers.get('x-width'), res.headers.get('x-height'), res.headers.get('x-layer-name')]).toEqual([
      '48',
      '32',
      local.layerName,
    ]);
    expect(['normal', 'bleed']).toContain(decodeURIComponent(res.headers.get('x-class-label')!));
    const values = new Float32Array(await res.arrayBuffer());
    expect(values).toHaveLength(48 * 32);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    // The bytes served are what Grad-CAM computes for this artifact and this stored scan.
    expect(Array.from(values)).toEqual(Array.from(local.heatmap));
    expect(res.headers.get('x-class-index')).toBe(String(local.classIndex));

    const again = await post(project.slug, { modelVersionId: versionId, scanId: scans[0].id });
    expect(requestExplanationResponseSchema.parse(again.body).data).toMatchObject({
      cached: true,
      queued: false,
      explanation: { state: 'SUCCEEDED', layerName: local.layerName },
    });
    expect(await jobsFor(explainSingletonKey({ modelVersionId: versionId, scanId: scans[0].id, classIndex: -1 }))).toBe(
      1,
    );

    // A second scan under the same (now loaded) version goes through the route alone.
    const second = await post(project.slug, { modelVersionId: versionId, scanId: scans[1].id });
    expect(requestExplanationResponseSchema.parse(second.body).data.queued).toBe(true);
    await waitForEvent('explanation.ready', scans[1].id);
    const file = await get(project.slug, versionId, scans[1].id);
    expect(file.status).toBe(200);

    // Any class of the label set may be asked about: its own row, file, job and heatmap.
    const otherClass = 1 - local.classIndex;
    const asked = await post(project.slug, { modelVersionId: versionId, scanId: scans[0].id, classIndex: otherClass });
    expect(requestExplanationResponseSchema.parse(asked.body).data).toMatchObject({
      cached: false,
      queued: true,
      explanation: { classIndex: otherClass, state: 'QUEUED' },
    });
    const announced = await waitForEvent('explanation.ready', scans[0].id, otherClass);
    expect(announced.event).toMatchObject({ classIndex: otherClass });
    const classRow = await t.db.explanation.findUniqueOrThrow({
      where: {
        modelVersionId_scanId_classIndex: { modelVersionId: versionId, scanId: scans[0].id, classIndex: otherClass },
      },
    });
    expect(classRow.heatmapPath).toBe(`explanations/${versionId}/${scans[0].id}.class-${otherClass}.f32`);
    const classRes = await get(project.slug, versionId, scans[0].id, otherClass);
    expect(classRes.status).toBe(200);
    expect(classRes.headers.get('x-class-index')).toBe(String(otherClass));
    const reloaded = await loadArtifact(path.join(storageDir, `models/${project.id}/cnn-v1`));
    const classLocal = explainImage(reloaded, await readPreview(path.join(storageDir, 'previews/test/a.nlprev')), {
      classIndex: otherClass,
    });
    reloaded.model.dispose();
    expect(Array.from(new Float32Array(await classRes.arrayBuffer()))).toEqual(Array.from(classLocal.heatmap));
    expect((await post(project.slug, { modelVersionId: versionId, scanId: scans[0].id, classIndex: 9 })).status).toBe(
      400,
    );
  });

  it('stores and announces a failure, and a new request retries it', async () => {
    const broken = await t.db.modelVersion.create({
      data: {
        projectId: project.id,
        kind: 'RESNET',
        version: 1,
        backend: 'wasm',
        hyperParams: {},
        labelCount: 24,
        state: 'READY',
        artifactPath: `models/${project.id}/missing`,
      },
    });
    as(lead);
    expect((await post(project.slug, { modelVersionId: broken.id, scanId: scans[0].id })).status).toBe(200);
    const failed = await waitForEvent('explanation.failed', scans[0].id);
    expect(failed.event).toMatchObject({
      modelVersionId: broken.id,
      error: expect.stringMatching(/no model artifact/),
    });
    const row = await t.db.explanation.findUniqueOrThrow({
      where: { modelVersionId_scanId_classIndex: { modelVersionId: broken.id, scanId: scans[0].id, classIndex: -1 } },
    });
    expect(row).toMatchObject({ state: 'FAILED', heatmapPath: null });
    const served = await get(project.slug, broken.id, scans[0].id);
    expect(served.status).toBe(409);
    expect(((await served.json()) as { error: { message: string } }).error.message).toMatch(
      /it failed: .*no model artifact/,
    );

    const retry = await post(project.slug, { modelVersionId: broken.id, scanId: scans[0].id });
    expect(requestExplanationResponseSchema.parse(retry.body).data).toMatchObject({
      queued: true,
      explanation: { state: 'QUEUED' },
    });
  });

  it('recomputes a cached heatmap whose file was lost', async () => {
    const row = await t.db.explanation.findUniqueOrThrow({
      where: { modelVersionId_scanId_classIndex: { modelVersionId: versionId, scanId: scans[1].id, classIndex: -1 } },
    });
    await rm(path.join(storageDir, row.heatmapPath!));
    events.length = 0;
    as(lead);
    const res = await post(project.slug, { modelVersionId: versionId, scanId: scans[1].id });
    expect(requestExplanationResponseSchema.parse(res.body).data).toMatchObject({ cached: false, queued: true });
    await waitForEvent('explanation.ready', scans[1].id);
    expect((await get(project.slug, versionId, scans[1].id)).status).toBe(200);
    expect(decodeHeatmapFile(await readFile(path.join(storageDir, row.heatmapPath!)))).toMatchObject({
      width: 48,
      height: 32,
    });
  });

  it('keeps explanations from a reader who has not read the scan in blind mode, and from non-members', async () => {
    const blind = await makeProject(
      t.db,
      { task: 'BINARY', labels: ['normal', 'bleed'], normalLabels: ['normal'], blindMode: true },
      lead.id,
    );
    const reader = await makeUser(t.db, 'ANNOTATOR');
    await addMember(t.db, blind.id, reader.email, 'ANNOTATOR');
    const scan = await storeScan(t, storageDir, blind.id, 'blind');
    const v = await t.db.modelVersion.create({
      data: {
        projectId: blind.id,
        kind: 'CNN',
        version: 1,
        backend: 'wasm',
        hyperParams: {},
        labelCount: 24,
        state: 'READY',
        artifactPath: `models/${project.id}/cnn-v1`,
      },
    });
    as(reader);
    const res = await post(blind.slug, { modelVersionId: v.id, scanId: scan.id });
    expect(res.status).toBe(403);
    expect(res.body.error?.message).toMatch(/blind mode/);
    as(await makeUser(t.db, 'ANNOTATOR'));
    expect((await post(project.slug, { modelVersionId: versionId, scanId: scans[0].id })).status).toBe(403);
  });
});
