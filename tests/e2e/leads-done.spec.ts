import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './base';
import { createDb, type Db } from '@/server/db/client';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';
import { startTrainerProcess } from '../helpers/trainer-process';
import { e2eDatabaseUrl, login } from './helpers';

/**
 * A lead runs a project from the browser, end to end: an admin creates a user; a lead creates
 * a project, adds that user, imports labelled scans, presses Train now, follows the job to its
 * end on the dashboard's chart, pins the version and opens the scans behind a confusion cell.
 * A real trainer process takes the job; it trains the CNN only, at 32x32 pixels for two
 * epochs, so that the whole loop takes seconds rather than minutes, and then measures the
 * job's baseline on the same 24 scans.
 */
test.describe.configure({ mode: 'serial' });
test.setTimeout(420_000);

const tag = Date.now().toString(36);
const slug = `leads-done-${tag}`;
const newcomer = { name: `Nina ${tag}`, email: `nina-${tag}@neuroloop.local`, password: 'a-long-enough-password' };
let db: Db;
let trainer: (ChildProcess & { output: () => string }) | undefined;
let dicoms: string[];
let labelsCsv: string;

test.beforeAll(async () => {
  db = createDb(e2eDatabaseUrl(), { max: 2 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nl-e2e-done-'));
  const data = await writeSynthDataset({
    kind: 'ct-hemorrhage',
    count: 24,
    outDir: dir,
    seed: 31,
    difficulty: 0.2,
    size: 64,
  });
  dicoms = readdirSync(data.outDir)
    .filter((f) => f.endsWith('.dcm'))
    .map((f) => path.join(data.outDir, f));
  labelsCsv = path.join(data.outDir, 'labels.csv');
  const dataDir = path.resolve(import.meta.dirname, '../..', process.env.E2E_DATA_DIR ?? '.data/e2e');
  trainer = startTrainerProcess({
    DATABASE_URL: e2eDatabaseUrl(),
    DATA_DIR: dataDir,
    TRAIN_MAX_EPOCHS: '2',
    // The e2e database holds the other specs' projects: warming their ResNet50 features would
    // only compete with the browser for the CPU (this project trains the CNN alone).
    TRAIN_WARM_FEATURES: 'false',
    LOG_LEVEL: 'warn',
  });
});

test.afterAll(async () => {
  trainer?.kill('SIGTERM');
  await db?.$disconnect();
});

test('an admin creates a user and a lead runs a project with them to a trained, pinned model', async ({ browser }) => {
  // The admin creates the user.
  const admin = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await login(admin, 'admin@neuroloop.local');
  await admin.goto('/admin/users');
  await admin.getByLabel('Name').fill(newcomer.name);
  await admin.getByLabel('Email').fill(newcomer.email);
  await admin.getByLabel('Role').selectOption('ANNOTATOR');
  await admin.getByLabel('Initial password').fill(newcomer.password);
  await admin.getByRole('button', { name: 'Create user' }).click();
  await expect(admin.getByRole('status').filter({ hasText: `Created ${newcomer.email}.` })).toBeVisible();

  // The lead creates the project.
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await login(page, 'lead@neuroloop.local');
  await page.goto('/projects/new');
  const form = page.getByRole('form', { name: 'New project' });
  await form.getByLabel('Name').first().fill(`Leads done ${tag}`);
  await form.getByLabel('Address (slug)').fill(slug);
  await form.getByLabel('Task').selectOption('BINARY');
  await form.getByLabel('Labels', { exact: true }).fill('normal, hemorrhage');
  await form.getByLabel('Normal labels').fill('normal');
  await form.getByRole('button', { name: 'Create project' }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${slug}`));
  await expect(page.getByTestId('project-title')).toHaveText(`Leads done ${tag}`);

  // ... adds the new user.
  await page.goto(`/projects/${slug}?tab=members`);
  const add = page.getByRole('form', { name: 'Add a member' });
  await add.getByLabel('Email of an existing user').fill(newcomer.email);
  await add.getByLabel('Role in this project').selectOption('ANNOTATOR');
  await add.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByTestId(`member-${newcomer.email}`)).toBeVisible();

  // ... trains the CNN only.
  await page.goto(`/projects/${slug}?tab=settings`);
  await page.getByLabel('ResNet (from scratch)').uncheck();
  await page.getByLabel('ResNet50 (ImageNet)').uncheck();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
  // The settings do not offer the input size; a small one keeps the trainer fast here.
  await db.project.update({ where: { slug }, data: { imageSize: 32 } });

  // ... imports labelled scans for training.
  await page.goto(`/projects/${slug}/import`);
  await page.getByTestId('file-input').setInputFiles(dicoms);
  await page.locator('input[type="file"][accept=".csv,text/csv"]').setInputFiles(labelsCsv);
  await page.getByLabel('Split').selectOption('train');
  await page.getByRole('button', { name: /^Import/ }).click();
  await expect(page.getByTestId('import-summary')).toContainText(`${dicoms.length} imported`, { timeout: 120_000 });

  // ... presses Train now and follows the job on the dashboard to its end.
  await page.goto(`/projects/${slug}?tab=settings`);
  await page.getByRole('button', { name: 'Train now' }).click();
  await page.goto(`/projects/${slug}/dashboard`);
  const live = page.getByTestId('live-training-job');
  await expect(live).toContainText(/Training the CNN|Scoring scans with the new (CNN|models)|No training job/, {
    timeout: 240_000,
  });
  await expect(live).toContainText('No training job is queued or running.', { timeout: 300_000 });
  const chart = page.getByTestId('loss-chart-CNN');
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAttribute('data-epochs', /^[1-9]/);
  await expect(page.getByTestId('training-jobs-table')).toContainText('CNN v1 (active)');
  // The job's end refreshes the model cards and the versions table by itself.
  await expect(page.getByTestId('version-CNN-1')).toBeVisible();
  // The job measured its baseline after the ranking; the comparison shows the model beside it.
  const comparison = page.getByTestId('model-comparison');
  await expect(comparison.getByRole('row')).toHaveCount(3); // the header, the CNN and the baseline
  await expect(comparison).toContainText('Baseline: frozen ResNet50 + logistic regression');
  await expect(comparison).toContainText('cross-fitted');
  await expect(page.getByTestId('baseline-note')).toContainText('on 24 training scans');
  await expect(page.getByTestId('baseline-gap-CNN')).toHaveText(/^[+−]\d\.\d{3}$/);
  // The CNN's validation scans are its own held-out share, not the baseline's cross-fitted ones.
  await expect(page.getByTestId('baseline-note')).toContainText('(scored on other scans)');
  await page.screenshot({ path: '/tmp/leads-done-dashboard.png', fullPage: true });

  // ... pins the version.
  const v1 = page.getByTestId('version-CNN-1');
  await v1.getByRole('button', { name: /^Pin this version/ }).click();
  await expect(page.getByTestId('version-CNN-1')).toContainText('Active, pinned');

  // ... and opens the scans behind a confusion cell: those the version was evaluated on.
  const cell = page
    .getByTestId('confusion-matrix')
    .getByRole('link', { name: /^[1-9]\d* scans with reference/ })
    .first();
  const count = Number(((await cell.getAttribute('aria-label')) ?? '').split(' ')[0]);
  await cell.click();
  await expect(page.getByTestId('confusion-cell-summary')).toContainText(
    `${count} ${count === 1 ? 'scan' : 'scans'}, as evaluated`,
  );
  await page.screenshot({ path: '/tmp/leads-done-confusion.png', fullPage: true });
  expect(trainer?.exitCode ?? null, trainer?.output()).toBeNull();
});
