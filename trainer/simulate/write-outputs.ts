import fs from 'node:fs/promises';
import path from 'node:path';
import { simulationCsv } from '@/lib/simulation/csv';
import { meanCurve } from '@/lib/simulation/curves';
import type { CurveMetric } from '@/lib/simulation/schemas';
import { writeSimulationPlot, type PlotPanel } from './curve-plot';
import type { SummarisedResult } from './run-simulation';

/** Writes DIR/curves.csv (every point) and DIR/curves.png (macro F1 and lesion sensitivity curves). */
export async function writeSimulationOutputs(
  dir: string,
  result: SummarisedResult,
): Promise<{ csv: string; png: string }> {
  await fs.mkdir(dir, { recursive: true });
  const csv = path.join(dir, 'curves.csv');
  const png = path.join(dir, 'curves.png');
  await fs.writeFile(csv, simulationCsv(result.points));
  const curves = (metric: CurveMetric) =>
    result.settings.strategies.map((strategy) => ({ strategy, points: meanCurve(result.points, strategy, metric) }));
  const { summary, settings, dataset } = result;
  const panels: PlotPanel[] = [
    {
      title: 'Test macro F1',
      curves: curves('macroF1'),
      target: {
        value: summary.baselineFinalMacroF1,
        label: `${summary.baseline}'s final ${summary.baselineFinalMacroF1.toFixed(3)}`,
      },
    },
    { title: 'Test lesion sensitivity', curves: curves('lesionSensitivity') },
  ];
  const caption =
    `${settings.model} at ${settings.imageSize}px, ${settings.seeds.length} seeds (mean ± 1 sd); seed set ${settings.seedLabels}, batch ${settings.batch}; ` +
    `pool ${dataset.pool}, test ${dataset.test}`;
  await writeSimulationPlot(png, panels, caption);
  return { csv, png };
}
