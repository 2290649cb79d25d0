import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import dicomParser from 'dicom-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nl-synth-uids-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function uidsOf(seed: number, count = 8) {
  const out = path.join(dir, `${seed}-${count}`);
  await writeSynthDataset({ kind: 'ct-hemorrhage', count, outDir: out, seed, difficulty: 0.5, size: 32 });
  return readdirSync(out)
    .filter((f) => f.endsWith('.dcm'))
    .sort()
    .map((f) => {
      const ds = dicomParser.parseDicom(new Uint8Array(readFileSync(path.join(out, f))));
      return {
        study: ds.string('x0020000d')!,
        series: ds.string('x0020000e')!,
        sop: ds.string('x00080018')!,
        instance: Number(ds.string('x00200013')),
      };
    });
}

describe('synthetic CT UIDs (a PACS keys studies, series and instances on them)', () => {
  it('gives every instance of two datasets its own UID, unlike any study or series UID', async () => {
    const [a, b] = await Promise.all([uidsOf(11), uidsOf(12)]);
    const sops = [...a, ...b].map((u) => u.sop);
    expect(new Set(sops).size).toBe(16);
    const containers = new Set([...a, ...b].flatMap((u) => [u.study, u.series]));
    expect(containers.size).toBe(4);
    expect(sops.some((s) => containers.has(s))).toBe(false);
    expect(sops.every((s) => /^2\.25\.\d+$/.test(s) && s.length <= 64)).toBe(true);
  });

  it('groups slices into series of several slices, each its own SeriesInstanceUID numbered from 1', async () => {
    const uids = await uidsOf(13, 20);
    const bySeries = new Map<string, number[]>();
    for (const u of uids) bySeries.set(u.series, [...(bySeries.get(u.series) ?? []), u.instance]);
    expect([...bySeries.values()]).toEqual([
      [1, 2, 3, 4, 5, 6, 7, 8],
      [1, 2, 3, 4, 5, 6, 7, 8],
      [1, 2, 3, 4],
    ]);
    // One examination per series: its own study too.
    expect(new Set(uids.map((u) => u.study)).size).toBe(3);
  });

  it('is reproducible for a seed', async () => {
    expect(await uidsOf(11)).toEqual(await uidsOf(11));
  });
});
