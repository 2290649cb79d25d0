import { type Page } from '@playwright/test';
import { expect, test } from './base';
import { demoPassword, keepScanAfterRead, login } from './helpers';

const slug = 'ct-hemorrhage-demo';

/** Console errors a Content Security Policy violation leaves in Chromium. */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

test('pages carry the security headers', async ({ page }) => {
  const res = await page.goto('/login');
  const h = res!.headers();
  expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(h['content-security-policy']).toContain("object-src 'none'");
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['referrer-policy']).toBe('same-origin');
  expect(h['x-frame-options']).toBe('DENY');
});

test('the app works under its CSP: sign-in, project, viewer with its canvas, live socket, dashboard', async ({
  page,
}) => {
  test.setTimeout(180_000); // five pages, on a shared 2-core machine
  await page.setViewportSize({ width: 1440, height: 900 });
  const violations = cspViolations(page);
  await login(page, 'lead@neuroloop.local');
  await keepScanAfterRead(page);
  await page.goto(`/projects/${slug}`);
  await expect(page.getByTestId('project-title')).toHaveText('CT hemorrhage (demo)');
  await page.goto(`/projects/${slug}/scans`);
  await expect(page.getByTestId('scan-viewer-canvas')).toHaveAttribute('aria-label', /image, \d+ by \d+/);
  await page.keyboard.press('Digit2');
  await expect(page.getByTestId('label-status')).toHaveAttribute('data-status', 'saved');
  await page.screenshot({ path: '/tmp/nl-security-viewer.png' });
  await page.goto(`/projects/${slug}/dashboard`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('dashboard');
  await page.screenshot({ path: '/tmp/nl-security-dashboard.png' });
  expect(violations).toEqual([]);
});

test('sign-in does not follow next= to another origin', async ({ page, baseURL }) => {
  await page.goto('/login?next=/%5Cevil.example/steal');
  await page.getByLabel('Email').fill('annotator1@neuroloop.local');
  await page.getByLabel('Password').fill(demoPassword());
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  expect(page.url()).not.toContain('evil.example');
});

test('sign out everywhere ends another browser’s session too', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await login(otherPage, 'annotator2@neuroloop.local');
  await login(page, 'annotator2@neuroloop.local');
  await page.screenshot({ path: '/tmp/nl-security-header.png' });
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page).toHaveURL(/\/login/);
  // The other browser still holds its cookie, which no longer counts.
  await otherPage.goto('/');
  await expect(otherPage).toHaveURL(/\/login/);
  await other.close();
});
