import AxeBuilder from '@axe-core/playwright';
import { type Page } from '@playwright/test';
import { expect, test } from './base';
import { login } from './helpers';

/**
 * WCAG 2.1 AA on every page, for every role that can open it: axe-core finds no violation.
 * The labelling page is checked with its image loaded and its side panel filled.
 */
const slug = 'ct-hemorrhage-demo';
const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

type Visit = { path: string; ready?: (page: Page) => Promise<void> };

const labelling = async (page: Page) => {
  await expect(page.getByTestId('scan-viewer-canvas')).toHaveAttribute('aria-label', /image, \d+ by \d+/);
  await expect(page.getByTestId('scan-title')).not.toHaveText('Loading…');
};

const projectPages: Visit[] = [
  { path: `/projects/${slug}` },
  { path: `/projects/${slug}/scans`, ready: labelling },
  { path: `/projects/${slug}/me` },
  { path: `/projects/${slug}/agreement` },
];

const byRole: Record<string, { email: string; visits: Visit[] }> = {
  admin: {
    email: 'admin@neuroloop.local',
    visits: [
      { path: '/' },
      { path: '/admin/users' },
      { path: '/projects/new' },
      ...projectPages,
      { path: `/projects/${slug}/dashboard` },
      { path: `/projects/${slug}/import` },
      { path: `/projects/${slug}/pacs` },
      { path: `/projects/${slug}/adjudication` },
    ],
  },
  lead: {
    email: 'lead@neuroloop.local',
    visits: [
      { path: '/' },
      ...projectPages,
      { path: `/projects/${slug}/dashboard` },
      { path: `/projects/${slug}/import` },
      { path: `/projects/${slug}/adjudication` },
    ],
  },
  clinician: {
    email: 'clinician@neuroloop.local',
    visits: [{ path: '/' }, ...projectPages, { path: `/projects/${slug}/adjudication` }],
  },
  annotator: { email: 'annotator2@neuroloop.local', visits: [{ path: '/' }, ...projectPages] },
};

async function expectNoViolations(page: Page, where: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(wcag).analyze();
  const found = result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary}`).join('\n')}`,
  );
  // Soft: one run reports every page's violations, not only the first page's.
  expect.soft(found, `axe on ${where}`).toEqual([]);
}

test('the sign-in page has no WCAG 2.1 AA violation', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expectNoViolations(page, '/login');
});

for (const [role, { email, visits }] of Object.entries(byRole)) {
  test(`every page a ${role} opens has no WCAG 2.1 AA violation`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    await login(page, email);
    for (const visit of visits) {
      const res = await page.goto(visit.path);
      expect(res?.status(), visit.path).toBeLessThan(400);
      await page.waitForLoadState('networkidle');
      await visit.ready?.(page);
      await expectNoViolations(page, `${visit.path} as ${role}`);
    }
  });
}
