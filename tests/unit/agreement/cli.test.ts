import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '@/cli/main';
import { krippendorff2011, readsFromRows } from './fixtures';

function capture() {
  const chunks = { out: '', err: '' };
  const sink = (key: 'out' | 'err') =>
    new Writable({
      write(chunk, _enc, done) {
        chunks[key] += String(chunk);
        done();
      },
    });
  return { io: { stdout: sink('out'), stderr: sink('err'), isTTY: false }, chunks };
}

async function run(...args: string[]) {
  const { io, chunks } = capture();
  const code = await main(['agreement', ...args], io);
  return { code, ...chunks };
}

const dir = mkdtempSync(path.join(tmpdir(), 'neuroloop-agreement-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function csvFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const reads = readsFromRows(krippendorff2011, ['A', 'B', 'C', 'D']);
const good = csvFile(
  'k.csv',
  ['item,reader,label', ...reads.map((r) => `${r.item},${r.reader},${r.label}`)].join('\n') + '\n',
);

describe('neuroloop agreement --csv', () => {
  it('prints the report as JSON, reproducibly', async () => {
    const first = await run('--csv', good, '--json', '--bootstrap', '200', '--seed', '5');
    expect(first.code).toBe(0);
    const json = JSON.parse(first.out);
    expect(json.krippendorff_alpha.value).toBeCloseTo(0.743, 3);
    expect(json.krippendorff_alpha.ci_low).toBeLessThan(json.krippendorff_alpha.value);
    expect(json.cohen_kappa).toHaveLength(6);
    expect(json.cohen_kappa[0]).toMatchObject({ reader_a: 'A', reader_b: 'B' });
    expect(Object.keys(json.dawid_skene.reader_accuracy)).toEqual(['A', 'B', 'C', 'D']);
    expect(json.dawid_skene.posteriors).toHaveLength(12);
    expect((await run('--csv', good, '--json', '--bootstrap', '200', '--seed', '5')).out).toBe(first.out);
  });

  it('prints a table by default and takes weights with a category order', async () => {
    const table = await run('--csv', good, '--bootstrap', '50', '--weights', 'quadratic', '--categories', '1,2,3,4,5');
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/Krippendorff's alpha\s+0\.7434/);
    expect(table.out).toMatch(/weights: quadratic/);
  });

  it.each([
    ['a missing file', ['--csv', path.join(dir, 'nope.csv')], /cannot read/],
    ['a bad header', ['--csv', csvFile('h.csv', 'scan,reader,label\na,b,c\n')], /line 1: the header must name/],
    ['an empty file', ['--csv', csvFile('e.csv', '')], /empty file/],
    ['a bad row', ['--csv', csvFile('r.csv', 'item,reader,label\na,b\n')], /line 2: 2 field/],
    ['no source', [], /exactly one of --csv/],
    ['both sources', ['--csv', good, '--project', 'p'], /exactly one of --csv/],
    ['unknown weights', ['--csv', good, '--weights', 'cubic'], /--weights/],
    ['an unknown category', ['--csv', good, '--categories', '1,2'], /not among the categories/],
  ])('fails with a clear message on %s', async (_name, args, message) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});
