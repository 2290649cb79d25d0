import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors/app-error';
import { summariseSimulation } from '@/lib/simulation/label-efficiency';
import type { SimulationPoint } from '@/lib/simulation/schemas';
import { budgetTableRows, summaryHeadline, summaryTableRows } from '@/lib/simulation/summary-table';

/** Two seeds per strategy; labels 50, 100, ..., 250; the per-seed values average to `means`. */
function runs(strategy: string, means: number[], spread = 0.02, lesion: number | null = 0.7): SimulationPoint[] {
  return [1, 2].flatMap((seed) =>
    means.map((m, round) => ({
      strategy,
      seed,
      round,
      labels: 50 + 50 * round,
      macroF1: m + (seed === 1 ? -spread : spread),
      accuracy: m,
      lesionSensitivity: lesion,
    })),
  );
}

// random ends at 0.80 after 250 labels; entropy passes 0.80 between 150 (0.76) and 200 (0.84): 175 labels.
const points = [
  ...runs('random', [0.6, 0.66, 0.72, 0.76, 0.8]),
  ...runs('entropy', [0.6, 0.7, 0.76, 0.84, 0.86, 0.87]),
  ...runs('bald', [0.6, 0.82, 0.78, 0.79, 0.81]),
  ...runs('diverse', [0.6, 0.62, 0.64, 0.66, 0.7], 0.02, null),
];

describe('summariseSimulation', () => {
  const s = summariseSimulation(points);

  it("sets the target to random's final mean macro F1 and its labels", () => {
    expect(s.baseline).toBe('random');
    expect(s.baselineFinalMacroF1).toBeCloseTo(0.8, 12);
    expect(s.baselineFinalLabels).toBe(250);
  });

  it('reads the labels needed off each mean curve, as a fraction of the baseline labels', () => {
    const by = Object.fromEntries(s.strategies.map((x) => [x.strategy, x]));
    expect(by.entropy.labelsToReachBaseline).toBeCloseTo(175, 9);
    expect(by.entropy.fractionOfBaselineLabels).toBeCloseTo(0.7, 9);
    expect(by.random.fractionOfBaselineLabels).toBe(1);
    // bald jumps over the target at round 1, dips, and stays above only from round 4.
    expect(by.bald.labelsToReachBaseline).toBeCloseTo(50 + 50 * (0.2 / 0.22), 9);
    expect(by.bald.labelsToStayAtBaseline).toBeCloseTo(200 + 50 * (0.01 / 0.02), 9);
    expect(by.diverse.labelsToReachBaseline).toBeNull();
    expect(by.diverse.fractionToStayAtBaseline).toBeNull();
  });

  it('reports final metrics over seeds at each seed’s last round', () => {
    const entropy = s.strategies.find((x) => x.strategy === 'entropy')!;
    expect(entropy.finalLabels).toBe(300);
    expect(entropy.finalMacroF1.mean).toBeCloseTo(0.87, 12);
    expect(entropy.finalMacroF1.sd).toBeCloseTo(Math.sqrt(2 * 0.02 ** 2), 12);
    expect(entropy.finalLesionSensitivity?.mean).toBeCloseTo(0.7, 12);
    expect(s.strategies.find((x) => x.strategy === 'diverse')!.finalLesionSensitivity).toBeNull();
  });

  it('names the strategy with the smallest fraction, never the baseline', () => {
    expect(s.best?.strategy).toBe('bald');
    expect(summariseSimulation(runs('random', [0.5, 0.6])).best).toBeNull();
  });

  it('asks the same question at every budget the baseline passed through', () => {
    expect(s.byBudget.map((b) => b.budget)).toEqual([50, 100, 150, 200, 250]);
    const at150 = s.byBudget[2];
    expect(at150.baselineMacroF1).toBeCloseTo(0.72, 12);
    // entropy: 100 + 50 * (0.72 - 0.70) / (0.76 - 0.70); bald: 50 + 50 * (0.72 - 0.6) / (0.82 - 0.6)
    expect(at150.fractions.entropy).toBeCloseTo((100 + 50 / 3) / 150, 9);
    expect(at150.fractions.bald).toBeCloseTo((50 + 50 * (0.12 / 0.22)) / 150, 9);
    expect(at150.fractions.diverse).toBeNull();
    expect(s.byBudget[0].fractions).toEqual({ random: 1, entropy: 1, bald: 1, diverse: 1 });
    expect(s.byBudget[4].fractions.entropy).toBeCloseTo(s.strategies[1].fractionOfBaselineLabels!, 12);
  });

  it('refuses points without the baseline', () => {
    expect(() => summariseSimulation(runs('entropy', [0.5]))).toThrow(AppError);
  });
});

describe('summary table', () => {
  const s = summariseSimulation(points);

  it('formats one row per strategy with mean ± sd and "not reached"', () => {
    const rows = summaryTableRows(s);
    expect(rows.map((r) => r.strategy)).toEqual(['random', 'entropy', 'bald', 'diverse']);
    expect(rows[1]).toMatchObject({
      'final labels': 300,
      'final macro F1': '0.870 ± 0.028',
      "labels to random's final F1": 175,
      "fraction of random's labels": '0.70',
    });
    expect(rows[3]).toMatchObject({
      "labels to random's final F1": 'not reached',
      'fraction, staying there': 'ends below',
      'final lesion sens.': '-',
    });
  });

  it('formats the by-budget table with the baseline F1 and a fraction per strategy', () => {
    const rows = budgetTableRows(s);
    expect(rows).toHaveLength(5);
    expect(rows[2]).toEqual({
      labels: 150,
      "random's F1": '0.720',
      random: '1.00',
      entropy: '0.78',
      bald: '0.52',
      diverse: '-',
    });
  });

  it('states the target and the best strategy in one line', () => {
    expect(summaryHeadline(s)).toBe(
      "random's final mean macro F1: 0.800 at 250 labels; best: bald, which reached it with 38% of random's labels",
    );
  });
});
