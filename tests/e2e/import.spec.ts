import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
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

test('an annotator cannot open the import page', async ({ page }) => {
  await login(page, 'annotator1@neuroloop.local');
  await page.goto('/projects/ct-hemorrhage-demo/import');
  await expect(page).not.toHaveURL(/\/import$/);
});
