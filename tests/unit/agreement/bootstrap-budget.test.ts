import { describe, expect, it } from 'vitest';
import { computeAgreementReport } from '@/lib/agreement/report';
import { httpAgreementQuery } from '@/server/use-cases/http-agreement-query';
import { runAgreementTask } from '@/server/agreement/agreement-task';
import { simulateReads } from './simulate';

const categories = ['a', 'b', 'c'];
const { reads } = simulateReads({ seed: 5, items: 60, categories, accuracies: [0.9, 0.8, 0.7, 0.75] });

describe('a bootstrap that may stop early', () => {
  it('reports the replicates it finished, and its intervals equal a run asked for that many', () => {
    let asked = 0;
    const partial = computeAgreementReport(reads, { bootstrap: 500, seed: 4 }, { stop: () => ++asked > 41 });
    const done = partial.bootstrap.done;
    expect(partial.bootstrap.requested).toBe(500);
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(500);
    const same = computeAgreementReport(reads, { bootstrap: done, seed: 4 });
    expect(partial.krippendorff_alpha).toEqual(same.krippendorff_alpha);
    expect(partial.cohen_kappa).toEqual(same.cohen_kappa);
  });

  it('runs to the end when nothing stops it', () => {
    expect(computeAgreementReport(reads, { bootstrap: 50 }).bootstrap).toEqual({ requested: 50, done: 50 });
  });

  it('a task over its time budget answers with the point values, partial intervals and a note', () => {
    const answer = runAgreementTask({
      reads,
      multiLabelReads: [],
      multiLabel: false,
      categories,
      weights: 'none',
      bootstrap: 100_000,
      seed: 1,
      threshold: 0.9,
      budgetMs: 150,
    });
    expect(answer.report.bootstrap.done).toBeLessThan(100_000);
    expect(answer.note).toMatch(/of 100000 bootstrap replicates: the 150 ms time budget ran out/);
    expect(answer.report.krippendorff_alpha).toMatchObject({ ok: true });
  });
});

describe('what an HTTP request may ask of the agreement statistics', () => {
  const ask = (q: string) => httpAgreementQuery(new URLSearchParams(q), 2000);

  it('cannot choose the seed, so a new seed is the same cached computation', () => {
    expect(ask('seed=12345&bootstrap=1000')).toEqual(ask('seed=99&bootstrap=1000'));
    expect(ask('seed=12345')).not.toHaveProperty('seed');
  });

  it('bounds the bootstrap and rounds it to steps of 100; rounds the threshold to hundredths', () => {
    expect(ask('bootstrap=10000').bootstrap).toBe(2000);
    expect(ask('bootstrap=1049').bootstrap).toBe(1000);
    expect(ask('bootstrap=0').bootstrap).toBe(0);
    expect(ask('threshold=0.91234').threshold).toBe(0.91);
    expect(() => ask('bootstrap=-1')).toThrow();
  });
});
