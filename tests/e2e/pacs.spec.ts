import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './base';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';
import { orthancMissingReason, startTestOrthanc, type TestOrthanc } from '../helpers/orthanc';
import { login } from './helpers';

const missing = orthancMissingReason();
if (missing) process.stdout.write(`SKIP PACS page browser tests: ${missing}\n`);

test.describe('the PACS page', () => {
  // Without Orthanc there is no PACS to test against (.ci/run installs it).
  test.skip(missing !== null, `No PACS to test against: ${missing}`);
  let orthanc: TestOrthanc;
  let dir: string;
  test.beforeAll(async () => {
    orthanc = await startTestOrthanc();
    dir = mkdtempSync(path.join(os.tmpdir(), 'nl-e2e-pacs-'));
    await writeSynthDataset({ kind: 'ct-hemorrhage', count: 4, outDir: dir, seed: 777, difficulty: 0.5, size: 128 });
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.dcm'))
      .map((f) => readFileSync(path.join(dir, f)));
    expect(await orthanc.stow(files)).toBe(200);
  });
  test.afterAll(async () => {
    await orthanc?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a lead adds a source, browses its series and imports one whole', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await login(page, 'lead@neuroloop.local');
    await page.goto('/projects/ct-hemorrhage-demo/pacs');
    await page.waitForLoadState('networkidle');
    await page.getByLabel('Name').fill('orthanc');
    await page.getByLabel('DICOMweb root URL').fill('ftp://nowhere/');
    await page.getByRole('button', { name: 'Add source' }).click();
    await expect(page.getByTestId('pacs-source-error')).toContainText('http or https');
    // What was typed stays.
    await expect(page.getByLabel('Name')).toHaveValue('orthanc');

    await page.getByLabel('DICOMweb root URL').fill(orthanc.dicomWebUrl);
    await page.getByLabel('Modality').fill('CT');
    await page.getByRole('button', { name: 'Add source' }).click();
    const card = page.getByRole('region', { name: 'PACS source orthanc' });
    await expect(card).toContainText('modality CT');
    await card.getByRole('button', { name: 'Browse series' }).click();
    await expect(card.getByRole('row')).toHaveCount(2);
    await card.getByRole('checkbox').check();
    await card.getByRole('button', { name: 'Import 1 series' }).click();
    await expect(card).toContainText('imported, 4 new');
    await expect(card.getByRole('row').nth(1)).toContainText('4 scans');
    if (process.env.PACS_SCREENSHOT) await page.screenshot({ path: process.env.PACS_SCREENSHOT, fullPage: true });
  });
});
