import fs from 'node:fs/promises';
import path from 'node:path';
import { budgetTableRows, summaryHeadline, summaryTableRows } from '@/lib/simulation/summary-table';
import type { SimulationResult, SummarisedResult } from '@/trainer/simulate/run-simulation';
import { writeSimulationOutputs } from '@/trainer/simulate/write-outputs';
import { printTable } from '../output';
import type { CliIO } from '../types';

/** The tables, curves.csv/png under `out` and, with `json`, the whole result: shared by simulate and simulate-merge. */
export async function reportSimulation(
  io: CliIO,
  result: SummarisedResult,
  where: { out: string; json?: string; command: string },
): Promise<void> {
  io.stdout.write('\n');
  printTable(io, summaryTableRows(result.summary));
  io.stdout.write(
    `\n${summaryHeadline(result.summary)}\n\nAt each of ${result.summary.baseline}'s budgets, the fraction of its labels each strategy needed to reach its mean macro F1 there:\n\n`,
  );
  printTable(io, budgetTableRows(result.summary));
  const files = await writeSimulationOutputs(path.resolve(where.out), result);
  io.stdout.write(`csv: ${files.csv}\nplot: ${files.png}\n`);
  if (where.json) await writeResultJson(io, result, where.json, where.command);
}

export async function writeResultJson(
  io: CliIO,
  result: SimulationResult,
  file: string,
  command: string,
): Promise<void> {
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await fs.writeFile(path.resolve(file), JSON.stringify({ command, ...result }, null, 2));
  io.stdout.write(`json: ${path.resolve(file)}\n`);
}
