import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '@/lib/errors/app-error';
import { mergeSimulationResults } from '@/trainer/simulate/merge-results';
import type { SimulationResult } from '@/trainer/simulate/run-simulation';
import { defineCommand } from '../command';
import { flag } from '../flags';
import { reportSimulation } from './simulate-report';

const flagsSchema = z.object({
  out: flag(z.string().min(1).default('simulate-results'), 'curves.csv and curves.png go here', 'DIR'),
  json: flag(z.string().min(1).optional(), 'write the merged result as JSON', 'FILE'),
});

async function readResult(file: string): Promise<SimulationResult> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (e) {
    throw new AppError({ code: 'BAD_REQUEST', message: `${file}: ${(e as Error).message}` });
  }
  const r = parsed as Partial<SimulationResult>;
  if (!r || !Array.isArray(r.points) || !r.settings || !r.dataset || !r.timings) {
    throw new AppError({ code: 'BAD_REQUEST', message: `${file}: not a result written by neuroloop simulate --json` });
  }
  return r as SimulationResult;
}

export const command = defineCommand({
  name: 'simulate-merge',
  summary: 'Combine simulate --json parts of one experiment (different seeds or strategies) and summarise them',
  positionals: 'RESULT.json...',
  description: `The runs of one simulation can be spread over processes or machines: give every part the same
settings and --split-seed, its own --seed (with --seeds 1) and/or strategies, and --part --json FILE;
then merge the files. Prints the same tables as simulate (random must be among the parts) and
writes curves.csv/png and the merged JSON. Refuses files whose dataset split or settings differ,
and a strategy and seed that appear twice.`,
  flags: flagsSchema,
  async run({ flags, positionals, io, args }) {
    if (positionals.length === 0)
      throw new AppError({ code: 'BAD_REQUEST', message: 'give the simulate --json files to merge' });
    const results = await Promise.all(positionals.map((f) => readResult(path.resolve(f))));
    const merged = mergeSimulationResults(results);
    const commands = results.map((r) => (r as SimulationResult & { command?: string }).command).filter(Boolean);
    await reportSimulation(io, merged, {
      out: flags.out,
      json: flags.json,
      command:
        ['neuroloop', 'simulate-merge', ...args].join(' ') + (commands.length ? ` (of: ${commands.join(' | ')})` : ''),
    });
    return 0;
  },
});
