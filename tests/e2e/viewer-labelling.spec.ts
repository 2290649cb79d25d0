import { expect, test } from './base';
import { keepScanAfterRead, login } from './helpers';

const slug = 'ct-hemorrhage-demo';

/** On the labelling page digits are classes; the viewer's window presets move to Shift+digit. */
test('digits label, Shift+digits set the window, and the shortcut sheet holds the keys', async ({ page }) => {
  await login(page, 'clinician@neuroloop.local');
  await keepScanAfterRead(page);
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

/**
 * The toolbar keeps one button per window preset however many scans the reader moves through
 * (15 and more): never two buttons with one name, never more than five, never a wrapped row
 * pushing the image down. Scans of other kinds (an MR imported beside the CT) bring their own
 * presets, in place of the others.
 */
test('moving from scan to scan leaves the preset toolbar as it was', async ({ page }) => {
  await login(page, 'annotator2@neuroloop.local');
  await page.goto(`/projects/${slug}/scans`);
  const group = page.getByRole('group', { name: 'Window presets' });
  const presets = group.getByRole('button');
  const canvas = page.getByTestId('scan-viewer-canvas');
  await expect(canvas).toHaveAttribute('aria-label', /image, \d+ by \d+/);
  const toolbarHeight = (await group.boundingBox())!.height;
  const canvasTop = (await canvas.boundingBox())!.y;
  for (let i = 0; i <= 16; i++) {
    if (i > 0) {
      const url = page.url();
      await page.keyboard.press('n');
      await expect(page).not.toHaveURL(url);
      await expect(canvas).toHaveAttribute('aria-label', /image, \d+ by \d+/);
    }
    const names = await presets.allTextContents();
    expect(names.length, names.join(', ')).toBeGreaterThanOrEqual(4);
    expect(names.length, names.join(', ')).toBeLessThanOrEqual(5);
    expect(new Set(names).size, names.join(', ')).toBe(names.length);
    expect((await group.boundingBox())!.height).toBe(toolbarHeight);
    expect((await canvas.boundingBox())!.y).toBe(canvasTop);
  }
});
