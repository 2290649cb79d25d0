import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from './base';
import { encodePreview } from '@/lib/imaging/preview-format';
import { generateCtHemorrhage } from '@/lib/synth/ct-hemorrhage';
import { createDb, type Db } from '@/server/db/client';
import { notifyEvent } from '@/server/events/notify';
import { encodeHeatmapFile, heatmapRelativePath } from '@/server/jobs/explain-queue';
import { createProject } from '@/server/use-cases/create-project';
import { e2eDatabaseUrl, login, withE2eDb } from './helpers';

const storageDir = path.resolve(import.meta.dirname, '../..', process.env.E2E_DATA_DIR ?? '.data/e2e', 'storage');

test.describe.configure({ mode: 'serial' });

let db: Db;
let slug: string;
let scanId: string;
let versionId: string;
/** A second version whose explanation is only finished while the page waits for it. */
let laterVersionId: string;
let projectId: string;

/** A heat blob centred in the image's upper-left quadrant (64 x 64, the viewer stretches it). */
function upperLeftBlob(): Float32Array {
  return Float32Array.from({ length: 64 * 64 }, (_, i) =>
    Math.exp(-(((i % 64) - 16) ** 2 + (Math.floor(i / 64) - 16) ** 2) / 80),
  );
}

/** The same blob in the lower-right quadrant: where the model sees the other class. */
function lowerRightBlob(): Float32Array {
  const upper = upperLeftBlob();
  return Float32Array.from({ length: 64 * 64 }, (_, i) => upper[64 * 64 - 1 - i]);
}

/**
 * Writes a finished heatmap where the explain worker leaves it; returns its relative path.
 * classIndex -1 is the predicted class's (hemorrhage, index 1, upper left); 0 is normal's (lower right).
 */
async function plantHeatmap(modelVersionId: string, classIndex = -1): Promise<string> {
  const heatmapPath = heatmapRelativePath(modelVersionId, scanId, classIndex);
  await mkdir(path.dirname(path.join(storageDir, heatmapPath)), { recursive: true });
  const heatmap = classIndex === 0 ? lowerRightBlob() : upperLeftBlob();
  await writeFile(
    path.join(storageDir, heatmapPath),
    encodeHeatmapFile({ width: 64, height: 64, classIndex: classIndex < 0 ? 1 : classIndex, heatmap }),
  );
  return heatmapPath;
}

test.beforeAll(async () => {
  db = createDb(e2eDatabaseUrl(), { max: 2 });
  const lead = await db.user.findUniqueOrThrow({ where: { email: 'lead@neuroloop.local' } });
  slug = `explain-e2e-${Date.now().toString(36)}`;
  const project = await createProject(
    db,
    {
      slug,
      name: 'Explain e2e',
      task: 'BINARY',
      labels: ['normal', 'hemorrhage'],
      normalLabels: ['normal'],
      blindMode: false,
    },
    lead.id,
  );
  const sample = generateCtHemorrhage(5, 1, { size: 128, difficulty: 0 });
  const previewPath = `previews/explain-e2e/${project.id}.nlprev`;
  await mkdir(path.join(storageDir, 'previews/explain-e2e'), { recursive: true });
  await writeFile(
    path.join(storageDir, previewPath),
    encodePreview({ pixels: sample.image, width: 128, height: 128, modality: 'CT', hounsfield: true, meta: {} }),
  );
  const scan = await db.scan.create({
    data: {
      projectId: project.id,
      contentHash: `explain-e2e-${project.id}`,
      fileHash: 'x',
      originalPath: '/x',
      originalName: 'explain-e2e.dcm',
      previewPath,
      thumbnailPath: previewPath,
      modality: 'CT',
      width: 128,
      height: 128,
    },
  });
  scanId = scan.id;
  const version = await db.modelVersion.create({
    data: {
      projectId: project.id,
      kind: 'CNN',
      version: 1,
      backend: 'wasm',
      hyperParams: {},
      labelCount: 40,
      state: 'READY',
      active: true,
      artifactPath: `models/${project.id}/cnn-v1`,
    },
  });
  versionId = version.id;
  projectId = project.id;
  const later = await db.modelVersion.create({
    data: {
      projectId: project.id,
      kind: 'RESNET',
      version: 1,
      backend: 'wasm',
      hyperParams: {},
      labelCount: 40,
      state: 'READY',
      active: false,
      artifactPath: `models/${project.id}/resnet-v1`,
    },
  });
  laterVersionId = later.id;
  // The e2e server runs no trainer: the finished explanation is planted as the worker leaves it.
  const heatmapPath = await plantHeatmap(version.id);
  await db.explanation.create({
    data: {
      modelVersionId: version.id,
      scanId: scan.id,
      state: 'SUCCEEDED',
      layerName: 'block3_relu1',
      heatmapPath,
      finishedAt: new Date(),
    },
  });
  await db.explanation.create({
    data: {
      modelVersionId: version.id,
      scanId: scan.id,
      classIndex: 0,
      state: 'SUCCEEDED',
      layerName: 'block3_relu1',
      heatmapPath: await plantHeatmap(version.id, 0),
      finishedAt: new Date(),
    },
  });
});

test.afterAll(async () => {
  await db?.$disconnect();
});

/** Coloured (non-grey) pixels of the viewer canvas and their centre, as fractions of its size. */
const colouredPixels = (page: Page) =>
  page.getByTestId('scan-viewer-canvas').evaluate((canvas: HTMLCanvasElement) => {
    const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let [n, sx, sy] = [0, 0, 0];
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i] - d[i + 2]) + Math.abs(d[i + 1] - d[i + 2]) < 60) continue;
      const p = i / 4;
      n += 1;
      sx += (p % canvas.width) / canvas.width;
      sy += Math.floor(p / canvas.width) / canvas.height;
    }
    return { n, x: n ? sx / n : 0, y: n ? sy / n : 0 };
  });

test('the explanations API of the built app serves the cached heatmap to a member', async ({ page }) => {
  await login(page, 'lead@neuroloop.local');
  const requested = await page.request.post(`/api/projects/${slug}/explanations`, {
    data: { modelVersionId: versionId, scanId },
  });
  expect(requested.status()).toBe(200);
  expect(((await requested.json()) as { data: unknown }).data).toMatchObject({
    cached: true,
    queued: false,
    explanation: { state: 'SUCCEEDED', layerName: 'block3_relu1' },
  });
  const heatmap = await page.request.get(`/api/projects/${slug}/explanations/${versionId}/${scanId}`);
  expect(heatmap.status()).toBe(200);
  expect(heatmap.headers()).toMatchObject({
    'x-width': '64',
    'x-height': '64',
    'x-class-index': '1',
    'x-class-label': 'hemorrhage',
  });
  expect((await heatmap.body()).byteLength).toBe(64 * 64 * 4);
  const unknown = await page.request.post(`/api/projects/${slug}/explanations`, {
    data: { modelVersionId: 'nope', scanId },
  });
  expect(unknown.status()).toBe(404);
});

test('the Grad-CAM toggle draws an overlay', async ({ page }) => {
  await login(page, 'lead@neuroloop.local');
  await page.goto(`/projects/${slug}/scans/${scanId}`);
  await expect(page.getByTestId('scan-viewer-canvas')).toHaveAttribute('aria-label', /CT image, 128 by 128/);
  // The control is mounted and enabled once the project's READY versions have arrived.
  const toggle = page.getByTestId('grad-cam-toggle');
  await expect(toggle).toBeEnabled();
  await expect(page.getByTestId('grad-cam-version')).toHaveValue(versionId);
  await expect(page.getByTestId('grad-cam-version').locator('option')).toHaveText(['CNN v1 (active)', 'ResNet v1']);

  expect((await colouredPixels(page)).n).toBe(0);
  await page.keyboard.press('h');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('grad-cam-status')).toContainText('sees “hemorrhage” (its prediction)');
  await expect.poll(async () => (await colouredPixels(page)).n).toBeGreaterThan(200);
  // The heat sits over the image's upper-left quadrant.
  const heat = await colouredPixels(page);
  expect(heat.x).toBeLessThan(0.5);
  expect(heat.y).toBeLessThan(0.5);
  await expect(page.getByTestId('grad-cam-legend')).toBeVisible();

  // A higher threshold leaves the weaker evidence uncoloured (at full opacity, so that the
  // dark low end of the scale counts as colour too).
  await page.getByTestId('grad-cam-opacity').fill('1');
  await expect.poll(async () => (await colouredPixels(page)).n).toBeGreaterThan(heat.n);
  const opaque = (await colouredPixels(page)).n;
  await page.getByTestId('grad-cam-threshold').fill('0.8');
  await expect.poll(async () => (await colouredPixels(page)).n).toBeLessThan(opaque / 2);
  await expect.poll(async () => (await colouredPixels(page)).n).toBeGreaterThan(0);
  await page.getByTestId('grad-cam-threshold').fill('0.3');
  await page.getByTestId('grad-cam-opacity').fill('0.45');

  // "Where does the model see normal?": that class's own heatmap, asked for by class.
  const asked: unknown[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname.endsWith('/explanations')) asked.push(r.postDataJSON());
  });
  await page.getByTestId('grad-cam-class').selectOption({ label: 'normal' });
  await expect(page.getByTestId('grad-cam-status')).toContainText('sees “normal”');
  await expect.poll(async () => (await colouredPixels(page)).x).toBeGreaterThan(0.5);
  expect((await colouredPixels(page)).y).toBeGreaterThan(0.5);
  expect(asked).toEqual([{ modelVersionId: versionId, scanId, classIndex: 0 }]);
  await page.getByTestId('grad-cam-class').selectOption({ label: 'Predicted class' });
  await expect.poll(async () => (await colouredPixels(page)).x).toBeLessThan(0.5);

  await page.getByTestId('grad-cam-opacity').fill('0');
  await expect.poll(async () => (await colouredPixels(page)).n).toBe(0);
  await page.getByTestId('grad-cam-opacity').fill('0.6');
  await expect.poll(async () => (await colouredPixels(page)).n).toBeGreaterThan(200);
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(async () => (await colouredPixels(page)).n).toBe(0);

  // H is on the shortcut sheet, and does nothing while the sheet is open.
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  const sheet = page.getByRole('dialog');
  await expect(sheet).toContainText('Show or hide the Grad-CAM heatmap');
  await page.keyboard.press('h');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
});

test('a heatmap finished after the request arrives with its explanation.ready event, not by polling', async ({
  page,
}) => {
  await login(page, 'lead@neuroloop.local');
  await page.goto(`/projects/${slug}/scans/${scanId}`);
  // The scan's state comes over the joined socket: from here on, project events reach the page.
  await expect(page.getByTestId('scan-title')).not.toHaveText(/^(Loading…)?$/);
  const toggle = page.getByTestId('grad-cam-toggle');
  await expect(toggle).toBeEnabled();
  await page.getByTestId('grad-cam-version').selectOption(laterVersionId);
  await toggle.click();
  // No trainer runs here: the request stays queued.
  await expect(page.getByTestId('grad-cam')).toHaveAttribute('data-state', 'computing');

  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname.endsWith('/explanations')) posts.push(r.url());
  });
  // What the explain worker does when it is done: the file, the row, then NOTIFY.
  const heatmapPath = await plantHeatmap(laterVersionId);
  await db.explanation.update({
    where: { modelVersionId_scanId_classIndex: { modelVersionId: laterVersionId, scanId, classIndex: -1 } },
    data: { state: 'SUCCEEDED', layerName: 'stage3_relu', heatmapPath, finishedAt: new Date() },
  });
  await withE2eDb((client) =>
    notifyEvent(client, {
      projectId,
      event: { type: 'explanation.ready', modelVersionId: laterVersionId, scanId, classIndex: -1 },
    }),
  );
  // With the event the control fetches the heatmap at once; its poll would wait 15 s and POST again.
  await expect(page.getByTestId('grad-cam-status')).toContainText('ResNet v1 sees “hemorrhage”', {
    timeout: 5_000,
  });
  expect(posts).toEqual([]);
  await expect.poll(async () => (await colouredPixels(page)).n).toBeGreaterThan(200);
});
