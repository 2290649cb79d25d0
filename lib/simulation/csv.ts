import type { SimulationPoint } from './schemas';

const simulationCsvHeader = [
  'strategy',
  'seed',
  'round',
  'labels',
  'macro_f1',
  'accuracy',
  'lesion_sensitivity',
] as const;

const number = (v: number | null) => (v === null ? '' : String(Math.round(v * 1e6) / 1e6));
const text = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The simulation's points as CSV, one row per (strategy, seed, round); an empty cell = no value. */
export function simulationCsv(points: readonly SimulationPoint[]): string {
  const rows = points.map((p) =>
    [
      text(p.strategy),
      p.seed,
      p.round,
      p.labels,
      number(p.macroF1),
      number(p.accuracy),
      number(p.lesionSensitivity),
    ].join(','),
  );
  return [simulationCsvHeader.join(','), ...rows].join('\n') + '\n';
}
