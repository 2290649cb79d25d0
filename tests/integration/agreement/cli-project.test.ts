import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '@/cli/main';
import { computeAgreementReport } from '@/lib/agreement/report';
import { toAgreementJson } from '@/lib/agreement/report-json';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { simulateReads } from '../../unit/agreement/simulate';
import { asStoredTable, seedProject, simulatedAnnotations, type SeededProject } from './seed';

const labels = ['normal', 'glioma', 'meningioma'];

/** Runs `neuroloop agreement ...` against the test database (withDb reads DATABASE_URL from the environment). */
async function agreement(url: string, ...args: string[]) {
  const out = { stdout: '', stderr: '' };
  const sink = (key: keyof typeof out) =>
    new Writable({
      write(chunk, _enc, done) {
        out[key] += String(chunk);
        done();
      },
    });
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = url;
  try {
    const code = await main(['agreement', ...args], { stdout: sink('stdout'), stderr: sink('stderr'), isTTY: false });
    return { code, ...out };
  } finally {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
}

describe('neuroloop agreement --project', () => {
  let t: TestDatabase;
  let s: SeededProject;
  let reads: ReturnType<typeof simulateReads>['reads'];
  beforeAll(async () => {
    t = await createTestDatabase();
    s = await seedProject(t, { readers: ['Ana', 'Ben', 'Cleo'], scans: 25 });
    await t.db.project.update({ where: { id: s.project.id }, data: { consensusThreshold: 0.8 } });
    reads = simulateReads({ seed: 5, items: 25, categories: labels, accuracies: [0.9, 0.8, 0.6] }).reads;
    await s.append(simulatedAnnotations(s, reads));
  });
  afterAll(() => t.drop());

  it('prints the report as JSON from the store, readers by name', async () => {
    const r = await agreement(t.url, '--project', s.project.slug, '--json', '--bootstrap', '200', '--seed', '4');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    const expected = toAgreementJson(
      computeAgreementReport(asStoredTable(s, reads), { categories: labels, bootstrap: 200, seed: 4, threshold: 0.8 }),
    );
    expect(json).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(Object.keys(json)).toEqual([
      'percent_agreement',
      'cohen_kappa',
      'fleiss_kappa',
      'krippendorff_alpha',
      'dawid_skene',
    ]);
    expect(json.cohen_kappa.map((p: { reader_a: string; reader_b: string }) => `${p.reader_a}-${p.reader_b}`)).toEqual([
      'Ana-Ben',
      'Ana-Cleo',
      'Ben-Cleo',
    ]);
    expect(Object.keys(json.dawid_skene.reader_accuracy)).toEqual(['Ana', 'Ben', 'Cleo']);
  });

  it('prints every statistic with its interval as a table, with the project’s threshold', async () => {
    const r = await agreement(t.url, '--project', s.project.slug, '--bootstrap', '100');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/75 reads of 25 items .* by 3 readers/);
    expect(r.stdout).toMatch(/Krippendorff's alpha\s+-?\d\.\d{4}\s+-?\d\.\d{4}\s+-?\d\.\d{4}/);
    expect(r.stdout).toMatch(/Ana\s+Ben\s+25/);
    expect(r.stdout).toMatch(/posterior >= 0\.8/);
  });

  it('says so when the project does not exist', async () => {
    const r = await agreement(t.url, '--project', 'no-such-project');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/No project "no-such-project"/);
  });
});
