import { expect, test } from './base';
import { appendAnnotations, insertScans, withPg, type SeedAnnotation } from '../helpers/agreement-fixtures';
import { e2eDatabaseUrl, login } from './helpers';

const slug = 'ct-hemorrhage-demo';
const prefix = `agreement-e2e-${Date.now().toString(36)}`;

/**
 * Ten scans on which the demo's two annotators agree (five of each label) and two on which
 * they tie in opposite directions: the two readers look alike, so Dawid–Skene cannot break
 * the ties and both scans wait for a clinician.
 */
test.beforeAll(async () => {
  await withPg(e2eDatabaseUrl(), async (c) => {
    const { rows: projects } = await c.query<{ id: string }>('SELECT id FROM "Project" WHERE slug = $1', [slug]);
    const { rows: users } = await c.query<{ id: string; email: string }>(
      'SELECT id, email FROM "User" WHERE email LIKE $1',
      ['annotator%@neuroloop.local'],
    );
    const id = (email: string) => users.find((u) => u.email === email)!.id;
    const [ana, ben] = [id('annotator1@neuroloop.local'), id('annotator2@neuroloop.local')];
    const scans = await insertScans(c, projects[0].id, 12, { prefix });
    const read = (scanId: string, authorId: string, label: string): SeedAnnotation => ({
      scanId,
      authorId,
      labels: [label],
    });
    const agreed = scans
      .slice(0, 10)
      .flatMap((s, i) => [
        read(s, ana, i < 5 ? 'normal' : 'hemorrhage'),
        read(s, ben, i < 5 ? 'normal' : 'hemorrhage'),
      ]);
    const ties = [
      read(scans[10], ana, 'normal'),
      read(scans[10], ben, 'hemorrhage'),
      read(scans[11], ana, 'hemorrhage'),
      read(scans[11], ben, 'normal'),
    ];
    await appendAnnotations(c, projects[0].id, [...agreed, ...ties]);
  });
});

test('a clinician sees the readers’ labels side by side in the adjudication queue', async ({ page }) => {
  await login(page, 'clinician@neuroloop.local');
  await page.goto(`/projects/${slug}/adjudication`);
  await expect(page.getByRole('heading', { name: 'Needs adjudication' })).toBeVisible();
  const item = page.getByTestId('queue-item').filter({ hasText: `${prefix}-scan-11.dcm` });
  await expect(item).toBeVisible();
  const reads = item.getByTestId('reader-read');
  await expect(reads).toHaveCount(2);
  await expect(reads.filter({ hasText: 'Ana Reader' }).getByTestId('reader-label')).toHaveText('normal');
  await expect(reads.filter({ hasText: 'Ben Reader' }).getByTestId('reader-label')).toHaveText('hemorrhage');
  await expect(item.getByTestId('queue-posterior')).toContainText('below the 0.9 needed to train');
  const scanId = await item.getAttribute('data-scan-id');
  await expect(item.getByTestId('adjudicate-link')).toHaveAttribute(
    'href',
    `/projects/${slug}/scans/${scanId}?mode=adjudicate`,
  );
  await expect(page.getByTestId('queue-item').filter({ hasText: `${prefix}-scan-12.dcm` })).toBeVisible();
  await expect(page.getByTestId('queue-item').filter({ hasText: `${prefix}-scan-1.dcm` })).toHaveCount(0);
});

test('an annotator sees agreement aggregates but not the queue', async ({ page }) => {
  await login(page, 'annotator1@neuroloop.local');
  await page.goto(`/projects/${slug}/agreement`);
  await expect(page.getByTestId('stat-krippendorff_alpha')).toBeVisible();
  await expect(page.getByTestId('reader-pairs')).toContainText('Ana Reader');
  await expect(page.getByTestId('reader-pairs')).toContainText('Ben Reader');
  await expect(page.getByTestId('over-time-week')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Adjudication queue' })).toHaveCount(0);
  const res = await page.goto(`/projects/${slug}/adjudication`);
  expect(res?.status()).toBe(403);
  await expect(page.getByTestId('error-403')).toContainText('is for a higher role than yours (ANNOTATOR)');
});
