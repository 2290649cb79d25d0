import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from './base';
import { formatDurationMs, formatRatio } from '@/lib/dashboard/format';
import { parseProgress } from '@/lib/dashboard/training-jobs';
import { modelVersionMetricsSchema } from '@/lib/registry/model-metrics';
import { annotationValueSchema } from '@/lib/labels/annotation';
import { createDb, type Db } from '@/server/db/client';
import { notifyEvent } from '@/server/events/notify';
import { parseCsv } from '@/server/export/csv';
import { createProject } from '@/server/use-cases/create-project';
import { PLANTED, scanName, seedDashboardFixtures, type DashboardFixture } from '../helpers/dashboard-fixtures';
import { e2eDatabaseUrl, login, withE2eDb } from './helpers';

test.describe.configure({ mode: 'serial' });

let db: Db;
let slug: string;
let projectId: string;
let fixture: DashboardFixture;

test.beforeAll(async () => {
  db = createDb(e2eDatabaseUrl(), { max: 4 });
  const user = (email: string) => db.user.findUniqueOrThrow({ where: { email } });
  const [lead, clinician, a1, a2] = await Promise.all(
    [
      'lead@neuroloop.local',
      'clinician@neuroloop.local',
      'annotator1@neuroloop.local',
      'annotator2@neuroloop.local',
    ].map(user),
  );
  // A project of its own: other specs label the demo project while this one runs.
  slug = `dash-e2e-${Date.now().toString(36)}`;
  const project = await createProject(
    db,
    {
      slug,
      name: 'Dashboard e2e',
      task: 'BINARY',
      labels: ['normal', 'hemorrhage'],
      normalLabels: ['normal'],
      readsPerScan: 2,
    },
    lead.id,
  );
  projectId = project.id;
  await db.projectMember.createMany({
    data: [
      { projectId: project.id, userId: clinician.id, role: 'CLINICIAN' },
      { projectId: project.id, userId: a1.id, role: 'ANNOTATOR' },
      { projectId: project.id, userId: a2.id, role: 'ANNOTATOR' },
    ],
  });
  fixture = await seedDashboardFixtures(db, {
    projectId: project.id,
    readers: [a1.id, a2.id, clinician.id],
    adjudicatorId: clinician.id,
    artifactDir: await mkdtemp(path.join(os.tmpdir(), 'nl-e2e-artifact-')),
  });
});

test.afterAll(async () => {
  await db?.$disconnect();
});

const openTable = async (page: Page, figure: string) => {
  await page.getByTestId(figure).locator('summary').click();
};

test('the dashboard opens with the headline numbers of the database', async ({ page }) => {
  await login(page, 'lead@neuroloop.local');
  await page.goto(`/projects/${slug}/dashboard`);
  await expect(page.getByTestId('dashboard-title')).toHaveText('Dashboard e2e: dashboard');
  const cnn2 = await db.modelVersion.findUniqueOrThrow({ where: { id: fixture.versions.cnn2 } });
  const test_ = modelVersionMetricsSchema.parse(cnn2.metrics).test!;
  const cnn = page.getByTestId('headline-CNN');
  await expect(cnn).toContainText('active v2');
  await expect(cnn.locator('[data-metric="macroF1"]')).toHaveText(formatRatio(test_.macroF1));
  await expect(cnn.locator('[data-metric="lesionSensitivity"]')).toHaveText(
    formatRatio(test_.lesion.detectionSensitivity),
  );
  await expect(cnn.locator('[data-metric="lesionsCalledNormal"]')).toHaveText(String(test_.lesion.lesionsCalledNormal));
  await expect(cnn.locator('[data-metric="ece"]')).toHaveText(formatRatio(test_.calibration.eceAfter));
  await expect(cnn.locator('[data-metric="labelCount"]')).toHaveText('30');
  await expect(page.getByTestId('headline-RESNET50')).toContainText('no active version · latest v1 training');
  // The fixture's scans have no files in storage: the shortcut check says it left them out.
  await expect(page.getByTestId('shortcut-unreadable')).toContainText('left out: the original file could not be read');
  await expect(page.getByTestId('shortcut-check')).toContainText('Needs at least 20 scans with a training label');

  const comparison = page.getByTestId('model-comparison');
  const cnnRow = comparison.locator('tr', { has: page.getByRole('rowheader', { name: 'CNN' }) });
  await expect(cnnRow.locator('[data-column="macroF1"]')).toHaveText(formatRatio(test_.macroF1));
  await expect(cnnRow.locator('[data-column="time"]')).toHaveText(formatDurationMs(cnn2.trainingTimeMs));
  await expect(cnnRow.locator('[data-column="backend"]')).toHaveText('wasm');

  await openTable(page, 'trend-CNN');
  const failed = page
    .getByTestId('trend-table-CNN')
    .locator('tr', { has: page.getByRole('rowheader', { name: 'v3' }) });
  await expect(failed.locator('[data-column="state"]')).toHaveText('failed');
  await expect(failed.locator('[data-column="macroF1"]')).toHaveText('—');

  await openTable(page, 'label-progress');
  const progress = page.getByTestId('label-progress-table');
  for (const [name, count] of [
    ['Labelled', fixture.expected.progress.labelled],
    ['Awaiting next read', fixture.expected.progress['awaiting-second-read']],
    ['Needs adjudication', fixture.expected.progress['needs-adjudication']],
    ['Unlabelled', fixture.expected.progress.unlabelled],
    ['Suspected errors (queued for review)', fixture.expected.suspectedErrors],
  ] as const) {
    await expect(
      progress
        .locator('tr', { has: page.getByRole('rowheader', { name, exact: true }) })
        .locator('[data-column="count"]'),
    ).toHaveText(String(count));
  }
  // Current reads: reader A 34, B 30, C 8, on 34 scans (the adjudication is not a read).
  await expect(page.getByTestId('agreement-counts')).toContainText('72 reads of 34 scans by 3 readers');
});

test('a confusion cell opens the scans behind it', async ({ page }) => {
  await login(page, 'lead@neuroloop.local');
  await page.goto(`/projects/${slug}/dashboard`);
  const matrix = page.getByTestId('confusion-matrix');
  await expect(matrix.locator('td[data-true="normal"][data-pred="normal"]')).toHaveText('7');
  await matrix.locator('td[data-true="hemorrhage"][data-pred="normal"] a').click();
  await expect(page).toHaveURL(/\/dashboard\/confusion\?/);
  await expect(page.getByTestId('confusion-cell-title')).toContainText('Reference hemorrhage, predicted normal');
  await expect(page.getByTestId('confusion-scan-name')).toHaveText([scanName(15)]);
  await page.goBack();
  await page.getByTestId('confusion-matrix').locator('td[data-true="normal"][data-pred="normal"] a').click();
  await expect(page.getByTestId('confusion-scan-name')).toHaveText(
    [...fixture.expected.cnn2Cells['normal->normal']].sort(),
  );
  const api = await page.request.get(`/api/projects/${slug}/dashboard?kind=RESNET`);
  const body = (await api.json()) as { ok: boolean; data: { evaluation: { kind: string; version: number } } };
  expect(body.data.evaluation).toMatchObject({ kind: 'RESNET', version: 1 });
});

test('the live training job follows the trainer’s events over the socket, well inside the old 3 s poll', async ({
  page,
}) => {
  await login(page, 'lead@neuroloop.local');
  await page.goto(`/projects/${slug}/dashboard#training`);
  const live = page.getByTestId('live-training-job');
  await expect(live.getByTestId('live-epoch')).toHaveText('epoch 3/10');
  await expect(live.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '25');
  await expect(page.getByTestId('training-jobs-table')).toContainText('CNN: out of memory');
  await expect(live).toHaveAttribute('data-live', 'true');

  const jobId = fixture.jobs.running;
  await withE2eDb(async (client) => {
    try {
      // An event only, as the trainer NOTIFYs it: the row keeps epoch 3, so no poll could show epoch 6.
      const sent = performance.now();
      await notifyEvent(client, {
        projectId,
        event: {
          type: 'training.progress',
          trainingJobId: jobId,
          kind: 'CNN',
          phase: 'train',
          epoch: 6,
          epochs: 8,
          loss: 0.25,
          metrics: { valMacroF1: 0.75 },
        },
      });
      await expect(live.getByTestId('live-epoch')).toHaveText('epoch 6/8', { timeout: 2_000 });
      console.log(`training.progress NOTIFY -> panel: ${Math.round(performance.now() - sent)} ms`);
      await expect(live).toContainText('Training the CNN');
      await expect(live).toContainText('loss 0.2500');
      await expect(live).toContainText('valMacroF1 0.750');
      await expect(live.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '75');
      expect(parseProgress((await db.trainingJob.findUniqueOrThrow({ where: { id: jobId } })).progress)).toMatchObject({
        epoch: 3,
        epochs: 10,
      });

      // The job ends in the store; 'training.finished' has the panel read the list again at once.
      await db.trainingJob.update({ where: { id: jobId }, data: { state: 'SUCCEEDED', finishedAt: new Date() } });
      await notifyEvent(client, {
        projectId,
        event: { type: 'training.finished', trainingJobId: jobId, versions: [], timings: {} },
      });
      await expect(live).toContainText('No training job is queued or running.', { timeout: 2_000 });
    } finally {
      await db.trainingJob.update({ where: { id: jobId }, data: { state: 'RUNNING', finishedAt: null } });
    }
  });
});

test('exports from the UI parse back to the database, without patient identifiers', async ({ page }) => {
  await login(page, 'lead@neuroloop.local');
  await page.goto(`/projects/${slug}/dashboard#exports`);
  const href = await page.getByRole('link', { name: 'Labels CSV' }).getAttribute('href');
  const res = await page.request.get(href!);
  expect(res.headers()['content-disposition']).toContain(`${slug}-labels.csv`);
  const text = await res.text();
  const rows = parseCsv(text);
  const annotations = await db.annotation.findMany({ where: { project: { slug } } });
  expect(rows.filter((r) => r.annotation_id)).toHaveLength(annotations.length);
  const byId = new Map(rows.map((r) => [r.annotation_id, r]));
  for (const a of annotations) {
    const value = annotationValueSchema.nullable().parse(a.value);
    expect(byId.get(a.id)).toMatchObject({
      scan_id: a.scanId,
      seq: String(a.seq),
      author_id: a.authorId,
      action: a.action,
      labels: value?.labels.join('|') ?? '',
    });
  }
  const metrics = await (
    await page.request.get((await page.getByRole('link', { name: 'Metrics CSV' }).getAttribute('href'))!)
  ).text();
  expect(parseCsv(metrics).filter((r) => r.version_id === fixture.versions.cnn2)).toHaveLength(2);
  const card = await (
    await page.request.get((await page.getByRole('link', { name: 'card' }).first().getAttribute('href'))!)
  ).text();
  expect(JSON.parse(card)).toMatchObject({ kind: 'CNN', version: 2, preprocessing: { imageSize: 128 } });
  for (const body of [text, metrics, card])
    for (const s of [...Object.keys(PLANTED), ...Object.values(PLANTED)]) expect(body).not.toContain(s);
});

test('an annotator sees their reads and the adjudications that overruled them', async ({ page }) => {
  await login(page, 'annotator2@neuroloop.local');
  await page.goto(`/projects/${slug}/me`);
  await expect(page.getByTestId('me-title')).toHaveText('My reads');
  await expect(page.getByTestId('me-read-count')).toContainText('30');
  await expect(page.getByTestId('me-overruled').getByRole('rowheader')).toHaveText(fixture.expected.overruledForB);
  await expect(page.getByTestId('me-agreement')).toContainText('%');
  const res = await page.goto(`/projects/${slug}/dashboard`);
  expect(res?.status()).toBe(403);
  await expect(page.getByTestId('error-403')).toContainText('is for a higher role than yours (ANNOTATOR)');
  expect((await page.request.get(`/api/projects/${slug}/dashboard`)).status()).toBe(403);
  expect((await page.request.get(`/api/projects/${slug}/export?what=labels&format=csv`)).status()).toBe(403);
});
