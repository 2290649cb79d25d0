import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './base';
import { createDb, type Db } from '@/server/db/client';
import { createProject } from '@/server/use-cases/create-project';
import { seedDashboardFixtures, type DashboardFixture } from '../helpers/dashboard-fixtures';
import { e2eDatabaseUrl, login } from './helpers';

test.describe.configure({ mode: 'serial' });

let db: Db;
let slug: string;
let fixture: DashboardFixture;

test.beforeAll(async () => {
  db = createDb(e2eDatabaseUrl(), { max: 2 });
  const user = (email: string) => db.user.findUniqueOrThrow({ where: { email } });
  const [lead, clinician, a1, a2] = await Promise.all(
    [
      'lead@neuroloop.local',
      'clinician@neuroloop.local',
      'annotator1@neuroloop.local',
      'annotator2@neuroloop.local',
    ].map(user),
  );
  slug = `pin-e2e-${Date.now().toString(36)}`;
  const project = await createProject(
    db,
    { slug, name: 'Pinning e2e', task: 'BINARY', labels: ['normal', 'hemorrhage'], normalLabels: ['normal'] },
    lead.id,
  );
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

test('a lead sees why a version was not promoted, pins it, and unpins it', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await login(page, 'lead@neuroloop.local');
  await page.goto(`/projects/${slug}/dashboard`);
  const v1 = page.getByTestId('version-CNN-1');
  await expect(v1).toContainText(/Not promoted: validation macro F1 \d\.\d{3} against the active v2's \d\.\d{3}/);
  await expect(page.getByTestId('version-CNN-3')).toContainText('Failed: out of memory');

  await v1.getByRole('button', { name: /^Pin this version/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'CNN v1 is pinned and active.' })).toBeVisible();
  await expect(page.getByTestId('version-CNN-1')).toContainText('Active, pinned');
  await expect(page.getByTestId('version-CNN-2')).toContainText('Not promoted: v1 is pinned');
  const pinned = await db.modelVersion.findUniqueOrThrow({ where: { id: fixture.versions.cnn1 } });
  expect(pinned).toMatchObject({ active: true, pinned: true });
  await page.locator('#versions').screenshot({ path: '/tmp/leads-versions.png' });

  await page
    .getByTestId('version-CNN-1')
    .getByRole('button', { name: /^Unpin/ })
    .click();
  await expect(page.getByRole('status').filter({ hasText: 'CNN v1 is unpinned.' })).toBeVisible();
  expect(await db.modelVersion.findUniqueOrThrow({ where: { id: fixture.versions.cnn1 } })).toMatchObject({
    pinned: false,
  });
});

test('Train now answers on the dashboard: one open job per project', async ({ page }) => {
  await login(page, 'lead@neuroloop.local');
  await page.goto(`/projects/${slug}/dashboard`);
  await page.getByRole('button', { name: 'Train now' }).click();
  // The fixture has a job running: a second one is not queued beside it.
  await expect(
    page.getByRole('status').filter({ hasText: 'A training job is already queued or running.' }),
  ).toBeVisible();
});

test('an annotator is refused the pin API with a reason', async ({ page }) => {
  await login(page, 'annotator1@neuroloop.local');
  const res = await page.request.post(`/api/projects/${slug}/model-versions/${fixture.versions.cnn1}/pin`, {
    headers: { origin: new URL(page.url()).origin },
    data: {},
  });
  expect(res.status()).toBe(403);
  expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/LEAD/);
});
