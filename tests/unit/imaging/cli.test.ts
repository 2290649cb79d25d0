import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command as importCommand } from '@/cli/commands/import';
import { command as synthCommand } from '@/cli/commands/synth';
import type { CliIO } from '@/cli/types';
import { parseLabelsCsv } from '@/lib/imaging/labels-csv';
import { tempDir } from './fixtures';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir('cli')));
afterAll(() => cleanup());

function captureIO(): { io: CliIO; out: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let text = '';
  stdout.on('data', (c) => (text += String(c)));
  stderr.on('data', (c) => (text += String(c)));
  return { io: { stdout, stderr, isTTY: false }, out: () => text };
}

describe('neuroloop synth and import', () => {
  it('writes CT DICOM with labels.csv, then a dry-run import reads them all with their labels', async () => {
    const out = path.join(dir, 'ct');
    const synth = captureIO();
    expect(
      await synthCommand.run(
        ['--kind', 'ct-hemorrhage', '--count', '6', '--out', out, '--seed', '3', '--size', '64', '--masks'],
        synth.io,
      ),
    ).toBe(0);
    const rows = parseLabelsCsv(await readFile(path.join(out, 'labels.csv'), 'utf8'));
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.file.endsWith('.dcm') && ['hemorrhage', 'normal'].includes(r.label))).toBe(true);

    const imp = captureIO();
    expect(
      await importCommand.run([out, '--dry-run', '--labels', path.join(out, 'labels.csv'), '--json'], imp.io),
    ).toBe(0);
    const summary = JSON.parse(imp.out());
    expect(summary).toMatchObject({ ok: true, dryRun: true, rejected: 0 });
    const dicoms = summary.outcomes.filter((o: { file: string }) => o.file.endsWith('.dcm'));
    expect(dicoms.map((o: { status: string }) => o.status)).toEqual(Array(6).fill('imported'));
    expect(dicoms.map((o: { label: string }) => o.label)).toEqual(rows.map((r) => r.label));
  });

  it('writes the MRI Training/Testing layout', async () => {
    const out = path.join(dir, 'mri');
    expect(
      await synthCommand.run(
        ['--kind', 'mri-tumor', '--count', '8', '--out', out, '--size', '48', '--test-fraction', '0.5'],
        captureIO().io,
      ),
    ).toBe(0);
    const rows = parseLabelsCsv(await readFile(path.join(out, 'labels.csv'), 'utf8'));
    expect(rows.every((r) => new RegExp(`^(Training|Testing)/${r.label}/`).test(r.file))).toBe(true);
  });

  // The store-backed import (--project) is covered by tests/integration/import.
  it('refuses bad flags', async () => {
    await expect(
      synthCommand.run(['--kind', 'xray', '--count', '1', '--out', dir], captureIO().io),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(importCommand.run([dir], captureIO().io)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
