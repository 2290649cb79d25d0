import { type Browser, type Page } from '@playwright/test';
import { expect, test } from './base';
import { keepScanAfterRead, login } from './helpers';

const slug = 'ct-hemorrhage-demo';

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, email);
  await keepScanAfterRead(page);
  return page;
}

/**
 * Two readers in two browsers: each sees the other arrive, a label made by one crosses
 * to the other (redacted while blind mode hides it, in full once both have read).
 */
test('two readers see each other and each other’s labels live', async ({ browser }) => {
  const ana = await signedIn(browser, 'annotator1@neuroloop.local');
  const ben = await signedIn(browser, 'annotator2@neuroloop.local');

  await ben.goto(`/projects/${slug}`);
  await expect(ben.getByTestId('scan-grid')).toBeVisible();

  // Ana starts labelling: Next claims a scan for her.
  await ana.goto(`/projects/${slug}/scans`);
  await expect(ana).toHaveURL(new RegExp(`/projects/${slug}/scans/[^/?]+`));
  await expect(ana.getByTestId('scan-viewer-canvas')).toHaveAttribute('aria-label', /image, \d+ by \d+/);
  const scanUrl = new URL(ana.url()).pathname;
  const scanId = scanUrl.split('/').pop() as string;
  const title = (await ana.getByTestId('scan-title').textContent()) ?? '';

  // Ben's grid shows Ana on that scan (found by name: the grid draws only the rows in view).
  await ben.getByRole('searchbox', { name: 'Search by name' }).fill(title);
  await expect(ben.getByRole('link', { name: new RegExp(`^${escape(title)}.*viewing: Ana Reader`) })).toBeVisible();

  // Ben opens the same scan: each sees the other in the viewer.
  await ben.goto(scanUrl);
  await expect(ben.getByTestId('viewer-presence')).toHaveAttribute('aria-label', /Ana Reader/);
  await expect(ana.getByTestId('viewer-presence')).toHaveAttribute('aria-label', /Ben Reader/);
  await expect(ben.getByTestId('predictions-hidden')).toBeVisible();

  // Demo scans may arrive with an imported read: count from where the scan is.
  const before = Number(((await ben.getByTestId('read-count').textContent()) ?? '0').split('/')[0]);
  const reads = (n: number) => `${before + n}/2 independent reads`;

  // Ana labels with the keyboard; the server's ack turns "Saving…" into "Saved".
  await ana.keyboard.press('1');
  await expect(ana.getByTestId('label-status')).toHaveAttribute('data-status', 'saved');
  await expect(ana.getByTestId('label-normal')).toHaveAttribute('aria-pressed', 'true');

  // Blind mode: Ben sees that a read arrived, not what it says.
  await expect(ben.getByTestId('read-count')).toHaveText(reads(1));
  await expect(ben.getByTestId('other-reads')).toHaveCount(0);

  // Ben reads it too: now both see both labels.
  await ben.keyboard.press('2');
  await expect(ben.getByTestId('label-status')).toHaveAttribute('data-status', 'saved');
  await expect(ben.getByTestId('other-reads')).toContainText('Ana Reader');
  await expect(ben.getByTestId('other-reads')).toContainText('normal');
  await expect(ana.getByTestId('other-reads')).toContainText('Ben Reader');
  await expect(ana.getByTestId('other-reads')).toContainText('hemorrhage');
  await expect(ana.getByTestId('read-count')).toHaveText(reads(2));

  // Undo (U) is a new row: Ana's read is retracted for everyone.
  await ana.keyboard.press('u');
  await expect(ana.getByTestId('label-status')).toHaveAttribute('data-status', 'none');
  await expect(ben.getByTestId('read-count')).toHaveText(reads(1));

  // The shortcut sheet opens on '?'.
  await ana.keyboard.press('?');
  await expect(ana.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Next scan that needs your read');
  await ana.keyboard.press('Escape');

  // When Ana leaves, Ben's viewer no longer shows her.
  await ana.context().close();
  await expect(ben.getByTestId('viewer-presence')).not.toHaveAttribute('aria-label', /Ana Reader/, { timeout: 15_000 });
  expect(scanId.length).toBeGreaterThan(0);
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
