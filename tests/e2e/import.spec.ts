import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './base';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';
import { login } from './helpers';

test('a lead uploads files and gets a per-file summary', async ({ page }) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nl-e2e-upload-'));
  await writeSynthDataset({ kind: 'mri-tumor', count: 3, outDir: dir, seed: 99, difficulty: 0.5, size: 64 });
  const pngs = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.png'))
    .map((e) => path.join(e.parentPath, e.name));
  writeFileSync(path.join(dir, 'broken.png'), 'this is not an image');

  await login(page, 'lead@neuroloop.local');
  await page.goto('/projects/ct-hemorrhage-demo/import');
  await page.getByTestId('file-input').setInputFiles([...pngs, path.join(dir, 'broken.png')]);
  await expect(page.getByTestId('picked-count')).toContainText('4 file(s)');
  await page.getByRole('button', { name: /^Import/ }).click();
  const summary = page.getByTestId('import-summary');
  await expect(summary).toContainText('3 imported');
  await expect(summary).toContainText('1 rejected');
  await expect(summary.getByRole('row', { name: /broken\.png/ })).toContainText('not a PNG, JPEG or DICOM');

  // Importing the same files again adds nothing.
  await page.getByRole('button', { name: /^Import/ }).click();
  await expect(summary).toContainText('0 imported · 3 already there');
});

test('the upload page shows the server processing the files live, before the summary', async ({ page }) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nl-e2e-progress-'));
  const count = 40;
  // 512x512 CT slices: enough work on the server that its progress arrives while it runs.
  await writeSynthDataset({ kind: 'ct-hemorrhage', count, outDir: dir, seed: 4242, difficulty: 0.5 });
  const dicoms = readdirSync(dir)
    .filter((f) => f.endsWith('.dcm'))
    .map((f) => path.join(dir, f));
  expect(dicoms).toHaveLength(count);

  await login(page, 'lead@neuroloop.local');
  await page.goto('/projects/ct-hemorrhage-demo/import');
  // Everything the status area shows, in order: the page may go from progress to summary
  // faster than a poll, so a MutationObserver keeps the record.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { importStatusSeen: string[] }).importStatusSeen = seen;
    new MutationObserver(() => {
      const status = document.querySelector('[data-testid="import-progress"], [data-testid="import-summary"]');
      const text = status ? `${status.getAttribute('data-testid')}: ${status.textContent}` : '';
      if (text && seen[seen.length - 1] !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByTestId('file-input').setInputFiles(dicoms);
  await expect(page.getByTestId('picked-count')).toContainText(`${count} file(s)`);
  await page.getByRole('button', { name: /^Import/ }).click();
  await expect(page.getByTestId('import-summary')).toContainText(`${count} imported`);

  const seen = await page.evaluate(() => (window as unknown as { importStatusSeen: string[] }).importStatusSeen);
  const firstSummary = seen.findIndex((t) => t.startsWith('import-summary'));
  const progress = seen.slice(0, firstSummary).flatMap((t) => {
    const m = /^import-progress: Processed (\d+) of (\d+) files · (ct-\d+\.dcm)$/.exec(t);
    return m ? [{ done: Number(m[1]), total: Number(m[2]), file: m[3] }] : [];
  });
  expect(progress.length, `status texts seen: ${JSON.stringify(seen)}`).toBeGreaterThan(0);
  for (const p of progress) {
    expect(p.total).toBe(count);
    expect(p.done).toBeGreaterThanOrEqual(1);
    expect(p.done).toBeLessThanOrEqual(count);
    expect(dicoms.map((f) => path.basename(f))).toContain(p.file);
  }
  // Server-side processing counts up, and at least one update came before the last file was done.
  expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
  expect(progress[0].done).toBeLessThan(count);
});

test('an annotator cannot open the import page', async ({ page }) => {
  await login(page, 'annotator1@neuroloop.local');
  const res = await page.goto('/projects/ct-hemorrhage-demo/import');
  expect(res?.status()).toBe(403);
  await expect(page.getByTestId('error-403')).toContainText('CT hemorrhage (demo)');
  await expect(page.getByTestId('error-403')).toContainText('ask a lead');
});
