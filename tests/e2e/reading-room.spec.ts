import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from './base';
import { keepScanAfterRead, login, withE2eDb } from './helpers';

const slug = 'ct-hemorrhage-demo';

const samplesDir =
  process.env['NEUROLOOP_DICOM_SAMPLES'] ?? path.resolve(import.meta.dirname, '../../../shared/data/dicom');
const enhancedCt = path.join(samplesDir, 'ct/head-ct-perfusion_enhanced-2frame_explicit-le.dcm');
if (!existsSync(enhancedCt))
  process.stdout.write(`SKIP the enhanced CT browser test: the real DICOM samples are absent (${enhancedCt})\n`);

const scanIdOf = (page: Page) => decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);

async function seriesOf(page: Page, scanId: string): Promise<{ slices: { scanId: string }[]; askedIndex: number }> {
  const res = await page.request.get(`/api/projects/${slug}/scans/${scanId}/series`);
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { data: { slices: { scanId: string }[]; askedIndex: number } }).data;
}

/** The demo's series hold eight slices each: the reader scrolls through them and labels the asked one. */
test('a series opens as a stack: wheel and arrows move through slices, Home returns, the label goes to the asked slice', async ({
  page,
}) => {
  await login(page, 'annotator1@neuroloop.local');
  // The label's effect is checked on the scan it was given to: stay there after the read.
  await keepScanAfterRead(page);
  await page.goto(`/projects/${slug}/scans`);
  const indicator = page.getByTestId('slice-indicator');
  await expect(indicator).toHaveAttribute('data-count', '8');
  const asked = scanIdOf(page);
  const askedIndex = Number(await indicator.getAttribute('data-asked-index'));
  const series = await seriesOf(page, asked);
  expect(series.slices).toHaveLength(8);
  expect(series.askedIndex).toBe(askedIndex);
  await expect(indicator).toHaveAttribute('data-index', String(askedIndex));

  // Away from the asked slice, towards the side that has room for two steps.
  const down = askedIndex + 2 <= 7;
  await page.keyboard.press(down ? 'ArrowDown' : 'ArrowUp');
  const neighbourIndex = askedIndex + (down ? 1 : -1);
  await expect(indicator).toHaveAttribute('data-index', String(neighbourIndex));
  await expect(indicator).toHaveAttribute('data-asked-index', String(askedIndex));
  await expect(indicator).toContainText(`labelling ${askedIndex + 1}`);
  expect(scanIdOf(page)).toBe(asked);

  // The reader's window survives the move within the series.
  await page.keyboard.press('Shift+Digit3');
  await expect(page.locator('[data-window-width]')).toHaveAttribute('data-preset', 'bone');
  await page.keyboard.press(down ? 'PageDown' : 'PageUp');
  await expect(indicator).toHaveAttribute('data-index', String(askedIndex + (down ? 2 : -2)));
  await expect(page.locator('[data-window-width]')).toHaveAttribute('data-preset', 'bone');

  await page.keyboard.press('Home');
  await expect(indicator).toHaveAttribute('data-index', String(askedIndex));

  // The mouse wheel steps one slice per notch; Ctrl+wheel still zooms.
  const canvas = page.getByTestId('scan-viewer-canvas');
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, down ? 100 : -100);
  await expect(indicator).toHaveAttribute('data-index', String(neighbourIndex));

  // Labelling from a neighbour labels the asked scan, never the slice on screen: one more
  // annotation of mine on the asked scan, none on the neighbour (counted before and after, as
  // the demo database may hold reads of mine from earlier runs).
  const neighbour = series.slices[neighbourIndex].scanId;
  await withE2eDb(async (client) => {
    const counts = async () => {
      const { rows } = await client.query<{ scanId: string; n: string }>(
        `SELECT a."scanId", count(*) AS n FROM "Annotation" a JOIN "User" u ON u.id = a."authorId"
         WHERE u.email = 'annotator1@neuroloop.local' AND a."scanId" = ANY($1) GROUP BY a."scanId"`,
        [[asked, neighbour]],
      );
      const n = Object.fromEntries(rows.map((r) => [r.scanId, Number(r.n)]));
      return { asked: n[asked] ?? 0, neighbour: n[neighbour] ?? 0 };
    };
    const before = await counts();
    await page.keyboard.press('Digit1');
    await expect(page.getByTestId('label-status')).toHaveAttribute('data-status', 'saved');
    expect(await counts()).toEqual({ asked: before.asked + 1, neighbour: before.neighbour });
  });

  // The next scan starts on its own asked slice.
  await page.keyboard.press('n');
  await expect(page).not.toHaveURL(new RegExp(asked));
  const next = await seriesOf(page, scanIdOf(page));
  await expect(indicator).toHaveAttribute('data-index', String(next.askedIndex));
});

/**
 * On a slow connection the next slice is still loading when the reader reaches for a preset:
 * the toolbar keeps the series' presets through the gap, and the key applies.
 */
test('while the next slice loads, the toolbar stays and a preset key pressed then applies', async ({ page }) => {
  await login(page, 'annotator1@neuroloop.local');
  // A series of the demo's own (eight slices), not one a test imported into the project.
  const any = await withE2eDb(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `SELECT min(s.id) AS id FROM "Scan" s JOIN "Project" p ON p.id = s."projectId"
       WHERE p.slug = $1 AND s."seriesKey" IS NOT NULL
       GROUP BY s."seriesKey" HAVING count(*) = 8 ORDER BY s."seriesKey" LIMIT 1`,
      [slug],
    );
    return rows[0].id;
  });
  // The fourth slice of its series, opened by link; every other slice's image comes 1.5 s late.
  const series = await seriesOf(page, any);
  const asked = series.slices[3].scanId;
  await page.route(/\/api\/projects\/[^/]+\/scans\/([^/]+)\/preview/, async (route) => {
    const id = decodeURIComponent(new URL(route.request().url()).pathname.split('/').at(-2)!);
    if (id !== asked) await new Promise((r) => setTimeout(r, 1_500));
    await route.continue().catch(() => undefined);
  });
  await page.goto(`/projects/${slug}/scans/${asked}`);
  const viewer = page.locator('[data-window-width]');
  const presets = page.getByRole('group', { name: 'Window presets' }).getByRole('button');
  await expect(viewer).toHaveAttribute('aria-busy', 'false');
  await expect(viewer).toHaveAttribute('data-preset', 'brain');
  const toolbar = await presets.allTextContents();

  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('slice-indicator')).toHaveAttribute('data-index', '4');
  await expect(viewer).toHaveAttribute('aria-busy', 'true');
  expect(await presets.allTextContents()).toEqual(toolbar);
  await expect(presets.first()).toBeEnabled();
  await page.keyboard.press('Shift+Digit3');
  await expect(viewer).toHaveAttribute('data-preset', 'bone');
  // The slice arrives under the reader's window.
  await expect(viewer).toHaveAttribute('aria-busy', 'false', { timeout: 10_000 });
  await expect(viewer).toHaveAttribute('data-preset', 'bone');
  expect(await presets.allTextContents()).toEqual(toolbar);
});

/** An enhanced multi-frame CT keeps its rescale in functional groups: its frames are HU images. */
test('the frames of an enhanced CT open with HU presets, a brain window and their frame number', async ({ page }) => {
  test.setTimeout(150_000);
  // The enhanced CT is one of the real samples in ../shared/data/dicom, never copied into the repository.
  test.skip(!existsSync(enhancedCt), `the real DICOM samples are absent (${enhancedCt})`);
  await login(page, 'lead@neuroloop.local');
  // A slug of its own, so the test can run again against the same database.
  const slug = `enhanced-ct-${Date.now().toString(36)}`;
  const created = await page.request.post('/api/projects', {
    data: { slug, name: 'Enhanced CT', labels: ['normal', 'hemorrhage'], blindMode: false },
  });
  expect(created.ok()).toBe(true);
  await page.goto(`/projects/${slug}/import`);
  await page.getByTestId('file-input').setInputFiles([enhancedCt]);
  await page.getByRole('button', { name: /^Import/ }).click();
  // Decoding a 1 MiB enhanced CT takes a while on a busy machine.
  await expect(page.getByTestId('import-summary')).toContainText('2 imported', { timeout: 90_000 });

  await page.goto(`/projects/${slug}/scans`);
  await expect(page.getByTestId('scan-title')).toContainText(/· frame [12]$/);
  const viewer = page.locator('[data-window-width]');
  await expect(page.getByTestId('scan-viewer-canvas')).toHaveAttribute('aria-label', 'CT image, 512 by 512');
  const presets = page.getByRole('group', { name: 'Window presets' }).getByRole('button');
  await expect(presets).toHaveText([/Brain/, /Subdural/, /Bone/, /Stroke/, /File/]);
  // The file's own window (W102/L49, in HU) is the starting one, and the brain preset is HU.
  await expect(viewer).toHaveAttribute('data-window-width', '102');
  await expect(viewer).toHaveAttribute('data-window-center', '49');
  await page.keyboard.press('Shift+Digit1');
  await expect(viewer).toHaveAttribute('data-preset', 'brain');
  // Air is -1024 HU: under the brain window it is black, not the white of unrescaled values.
  const corner = await page.getByTestId('scan-viewer-canvas').evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d')!;
    const w = c.width;
    const h = c.height;
    // The image is fitted in the middle: sample just inside its top-left corner.
    const side = Math.min(w, h);
    const d = ctx.getImageData(
      Math.round((w - side) / 2 + side * 0.02),
      Math.round((h - side) / 2 + side * 0.02),
      1,
      1,
    );
    return Array.from(d.data.slice(0, 3));
  });
  expect(Math.max(...corner)).toBeLessThan(20);
  // The two frames form one series (one SeriesInstanceUID): a stack of two.
  await expect(page.getByTestId('slice-indicator')).toHaveAttribute('data-count', '2');
});
