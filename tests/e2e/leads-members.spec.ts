import { expect, test } from './base';
import { createDb, type Db } from '@/server/db/client';
import { createProject } from '@/server/use-cases/create-project';
import { createUser } from '@/server/use-cases/create-user';
import { e2eDatabaseUrl, login } from './helpers';

let db: Db;
let slug: string;
let newcomer: { email: string; name: string };

test.beforeAll(async () => {
  db = createDb(e2eDatabaseUrl(), { max: 2 });
  const lead = await db.user.findUniqueOrThrow({ where: { email: 'lead@neuroloop.local' } });
  const annotator = await db.user.findUniqueOrThrow({ where: { email: 'annotator1@neuroloop.local' } });
  const tag = Date.now().toString(36);
  slug = `members-e2e-${tag}`;
  const project = await createProject(
    db,
    { slug, name: 'Members e2e', task: 'BINARY', labels: ['normal', 'hemorrhage'], normalLabels: ['normal'] },
    lead.id,
  );
  await db.projectMember.create({ data: { projectId: project.id, userId: annotator.id, role: 'ANNOTATOR' } });
  newcomer = { email: `newcomer-${tag}@neuroloop.local`, name: `Newcomer ${tag}` };
  await createUser(db, { ...newcomer, role: 'ANNOTATOR', password: 'a-long-enough-password' });
});

test.afterAll(async () => {
  await db.$disconnect();
});

test('a lead adds a member, changes their role and removes them on the Members tab', async ({ page }) => {
  await login(page, 'lead@neuroloop.local');
  await page.goto(`/projects/${slug}`);
  await page.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: 'Members' }).click();
  await expect(page).toHaveURL(/tab=members/);
  const add = page.getByRole('form', { name: 'Add a member' });
  await add.getByLabel('Email of an existing user').fill(newcomer.email);
  await add.getByLabel('Role in this project').selectOption('ANNOTATOR');
  await add.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByRole('status')).toHaveText(`Added ${newcomer.email}.`);
  const row = page.getByTestId(`member-${newcomer.email}`);
  await expect(row).toBeVisible();

  await row.getByLabel(`Role of ${newcomer.name}`).selectOption('CLINICIAN');
  await expect(page.getByRole('status')).toHaveText(`${newcomer.name} is now CLINICIAN.`);
  await page.reload();
  await expect(page.getByTestId(`member-${newcomer.email}`).getByLabel(`Role of ${newcomer.name}`)).toHaveValue(
    'CLINICIAN',
  );

  page.once('dialog', (d) => void d.accept());
  await page
    .getByTestId(`member-${newcomer.email}`)
    .getByRole('button', { name: `Remove ${newcomer.name}` })
    .click();
  await expect(page.getByRole('status')).toHaveText(`Removed ${newcomer.name}.`);
  await expect(page.getByTestId(`member-${newcomer.email}`)).toHaveCount(0);

  const project = await db.project.findUniqueOrThrow({ where: { slug } });
  const actions = await db.auditEvent.findMany({ where: { projectId: project.id }, select: { action: true } });
  expect(actions.map((a) => a.action)).toEqual(
    expect.arrayContaining(['project.member_set', 'project.member_role_changed', 'project.member_removed']),
  );
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: '/tmp/leads-members.png', fullPage: true });
});

test('an annotator sees the members but no controls', async ({ page }) => {
  await login(page, 'annotator1@neuroloop.local');
  await page.goto(`/projects/${slug}?tab=members`);
  await expect(page.getByTestId('members-table')).toBeVisible();
  await expect(page.getByRole('form', { name: 'Add a member' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Remove/ })).toHaveCount(0);
  await expect(page.getByRole('combobox')).toHaveCount(0);
});
