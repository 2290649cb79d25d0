import { expect, test } from './base';
import { createDb, type Db } from '@/server/db/client';
import { createProject } from '@/server/use-cases/create-project';
import { e2eDatabaseUrl, login } from './helpers';

let db: Db;
let slug: string;

test.beforeAll(async () => {
  db = createDb(e2eDatabaseUrl(), { max: 2 });
  const lead = await db.user.findUniqueOrThrow({ where: { email: 'lead@neuroloop.local' } });
  const annotator = await db.user.findUniqueOrThrow({ where: { email: 'annotator1@neuroloop.local' } });
  slug = `settings-e2e-${Date.now().toString(36)}`;
  const project = await createProject(
    db,
    { slug, name: 'Settings e2e', task: 'BINARY', labels: ['normal', 'hemorrhage'], normalLabels: ['normal'] },
    lead.id,
  );
  await db.projectMember.create({ data: { projectId: project.id, userId: annotator.id, role: 'ANNOTATOR' } });
});

test.afterAll(async () => {
  await db.$disconnect();
});

test('a lead changes the review strategy, the retrain threshold and the ResNet50 training; the page shows them after a reload', async ({
  page,
}) => {
  await login(page, 'lead@neuroloop.local');
  await page.goto(`/projects/${slug}?tab=settings`);
  const form = page.getByRole('form', { name: 'Project settings' });
  await form.getByLabel('Retrain after (new usable labels)').fill('80');
  await form.getByLabel('Review order (strategy)').selectOption('bald');
  await form.getByLabel('ResNet50 training').selectOption('frozen');
  await form.getByLabel('Blind mode (hide predictions and other reads until a reader has submitted)').uncheck();
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(form.getByRole('status')).toHaveText('Settings saved.');
  await page.reload();
  await expect(page.getByTestId('training-countdown')).toContainText('80 of 80 scans to go');
  await expect(form.getByLabel('Review order (strategy)')).toHaveValue('bald');
  await expect(form.getByLabel('ResNet50 training')).toHaveValue('frozen');
  await expect(
    form.getByLabel('Blind mode (hide predictions and other reads until a reader has submitted)'),
  ).not.toBeChecked();
  const row = await db.project.findUniqueOrThrow({ where: { slug } });
  expect(row).toMatchObject({ retrainThreshold: 80, strategy: 'bald', resnet50Variant: 'frozen', blindMode: false });
});

test('an annotator sees no settings form', async ({ page }) => {
  await login(page, 'annotator1@neuroloop.local');
  await page.goto(`/projects/${slug}?tab=settings`);
  await expect(page.getByTestId('project-role')).toHaveText('ANNOTATOR');
  await expect(page.getByRole('form', { name: 'Project settings' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Train now' })).toHaveCount(0);
});
