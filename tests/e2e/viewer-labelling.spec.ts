import { expect, test } from '@playwright/test';
import { login } from './helpers';

const slug = 'ct-hemorrhage-demo';

/** On the labelling page digits are classes; the viewer's window presets move to Shift+digit. */
test('digits label, Shift+digits set the window, and the shortcut sheet holds the keys', async ({ page }) => {
  await login(page, 'clinician@neuroloop.local');
  await page.goto(`/projects/${slug}/scans`);
  const viewer = page.locator('[data-window-width]');
  await expect(page.getByTestId('scan-viewer-canvas')).toHaveAttribute('aria-label', /image, \d+ by \d+/);

  await page.keyboard.press('Shift+Digit3');
  await expect(viewer).toHaveAttribute('data-preset', 'bone');
  await expect(page.getByTestId('label-status')).toHaveAttribute('data-status', 'none');

  await page.keyboard.press('Digit2');
  await expect(page.getByTestId('label-status')).toHaveAttribute('data-status', 'saved');
  await expect(page.getByTestId('label-hemorrhage')).toHaveAttribute('aria-pressed', 'true');
  await expect(viewer).toHaveAttribute('data-preset', 'bone');

  // While the sheet is open, a digit neither labels nor changes the window.
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Digit1');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByTestId('label-hemorrhage')).toHaveAttribute('aria-pressed', 'true');

  // N moves on to another scan without leaving the page; the URL follows.
  const first = page.url();
  await page.keyboard.press('n');
  await expect(page).not.toHaveURL(first);
  await expect(page.getByTestId('label-status')).toHaveAttribute('data-status', 'none');
});
