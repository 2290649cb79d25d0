import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { parseReadsCsv } from '@/lib/agreement/read-table';
import { computeAgreementReport, type AgreementReport } from '@/lib/agreement/report';
import { estimateJson, toAgreementJson } from '@/lib/agreement/report-json';
import { WeightKindSchema, type Estimate, type Read } from '@/lib/agreement/types';
import { getProjectAgreement } from '@/server/use-cases/get-project-agreement';
import { getProjectOrThrow } from '@/server/use-cases/get-project-or-throw';
import { withDb } from '../lib/with-db';
import { AppError } from '@/lib/errors/app-error';
import { defineCommand } from '../command';
import { flag } from '../flags';
import { printJson, printTable } from '../output';
import type { CliIO } from '../types';

const FlagsSchema = z
  .object({
    csv: flag(z.string().min(1).optional(), 'reads as CSV with a header naming item,reader,label', 'FILE'),
    project: flag(z.string().min(1).optional(), 'reads of a project (needs the database)', 'SLUG'),
    json: flag(
      z.boolean().default(false),
      'print JSON: percent_agreement, cohen_kappa, fleiss_kappa, krippendorff_alpha ({value, ci_low, ci_high}), dawid_skene',
    ),
    seed: flag(z.coerce.number().int().default(1), 'bootstrap seed', 'N'),
    bootstrap: flag(
      z.coerce.number().int().min(0).max(100_000).default(1000),
      'bootstrap replicates, resampling scans (0: none)',
      'N',
    ),
    weights: flag(WeightKindSchema.default('none'), "Cohen's kappa weights", 'KIND'),
    categories: flag(
      z
        .string()
        .optional()
        .transform((s) =>
          s
            ?.split(',')
            .map((c) => c.trim())
            .filter(Boolean),
        ),
      'category order, comma-separated (for weights; default: sorted)',
      'LIST',
    ),
    threshold: flag(
      z.coerce.number().gt(0).max(1).optional(),
      "Dawid–Skene posterior needed to train on a scan (default 0.9; with --project, the project's own)",
      'P',
    ),
  })
  .refine((f) => Boolean(f.csv) !== Boolean(f.project), {
    path: ['csv'],
    message: 'give exactly one of --csv <file> or --project <slug>',
  });

/** A project's report, from the same use case the app's agreement page calls. */
async function projectReport(slug: string, flags: z.infer<typeof FlagsSchema>): Promise<AgreementReport> {
  return withDb(async ({ db }) => {
    const project = await getProjectOrThrow(db, slug);
    const { report } = await getProjectAgreement(db, project, {
      viewerRole: 'ADMIN',
      categories: flags.categories,
      weights: flags.weights,
      bootstrap: flags.bootstrap,
      seed: flags.seed,
      threshold: flags.threshold,
    });
    return report;
  });
}

async function loadCsvReads(file: string): Promise<Read[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new AppError({ code: 'BAD_REQUEST', message: `cannot read ${file}: ${(e as Error).message}` });
  }
  return parseReadsCsv(text);
}

export const command = defineCommand({
  name: 'agreement',
  summary: 'Inter-reader agreement, kappas, alpha and Dawid–Skene consensus',
  description: `Inter-reader agreement with bootstrap intervals: percent agreement, Cohen's kappa for
every reader pair, Fleiss' kappa, Krippendorff's alpha (nominal, missing reads allowed),
per-class agreement, and Dawid–Skene reader accuracies and posterior classes. Give exactly
one of --csv or --project. With --project, readers are named and items are scan ids; the
reads are every reader's current read (DATABASE_URL, or the embedded database in DATA_DIR).`,
  flags: FlagsSchema,
  async run({ flags, io }) {
    const report = flags.csv
      ? computeAgreementReport(await loadCsvReads(flags.csv), {
          categories: flags.categories,
          weights: flags.weights,
          bootstrap: flags.bootstrap,
          seed: flags.seed,
          threshold: flags.threshold ?? 0.9,
        })
      : await projectReport(flags.project!, flags);
    if (flags.json) printJson(io, toAgreementJson(report));
    else printReport(io, report, flags.bootstrap, flags.seed);
    return 0;
  },
});

const cells = (e: Estimate) => {
  const j = estimateJson(e);
  return { value: j.value, ci_low: j.ci_low, ci_high: j.ci_high, note: 'reason' in j ? j.reason : '' };
};

function printReport(io: CliIO, r: AgreementReport, replicates: number, seed: number): void {
  const c = r.counts;
  io.stdout.write(
    `${c.reads} reads of ${c.items} items (${c.pairable_items} read twice or more) by ${c.readers} readers; ` +
      `categories: ${r.categories.join(', ')}\n95% bootstrap intervals over items: ${replicates} replicates, seed ${seed}\n\n`,
  );
  printTable(io, [
    { statistic: 'percent agreement', ...cells(r.percent_agreement) },
    { statistic: "Fleiss' kappa", ...cells(r.fleiss_kappa) },
    { statistic: "Krippendorff's alpha", ...cells(r.krippendorff_alpha) },
  ]);
  io.stdout.write(`\nCohen's kappa per reader pair (weights: ${r.weights})\n`);
  printTable(
    io,
    r.cohen_kappa.map((p) => ({ reader_a: p.reader_a, reader_b: p.reader_b, n_items: p.n_items, ...cells(p) })),
  );
  io.stdout.write('\nPer class (specific agreement; alpha of the class against the rest)\n');
  printTable(
    io,
    r.per_class.map((k) => {
      const [s, a] = [cells(k.specific_agreement), cells(k.alpha)];
      return {
        category: k.category,
        agreement: s.value,
        ci_low: s.ci_low,
        ci_high: s.ci_high,
        alpha: a.value,
        alpha_low: a.ci_low,
        alpha_high: a.ci_high,
        note: a.note,
      };
    }),
  );
  printConsensus(io, r);
}

function printConsensus(io: CliIO, r: AgreementReport): void {
  const ds = r.dawid_skene;
  io.stdout.write(
    ds.ok
      ? `\nDawid–Skene: ${ds.converged ? 'converged' : 'stopped'} after ${ds.iterations} iterations\n`
      : `\nDawid–Skene: not computed (${ds.reason}); consensus is the majority vote\n`,
  );
  printTable(
    io,
    r.consensus.reader_vs_consensus.map((v) => ({
      reader: v.reader,
      reads: v.n,
      ds_accuracy: ds.ok ? ds.reader_accuracy[v.reader] : null,
      agrees_with_consensus: v.agreement,
    })),
  );
  const t = r.training;
  const labelled = Object.entries(t.labelled)
    .map(([rule, n]) => `${rule} ${n}`)
    .join(', ');
  io.stdout.write(
    `\nMajority ties: ${r.consensus.ties}. Training labels at posterior >= ${t.threshold}: ${labelled}; ` +
      `needs adjudication: ${t.needs_adjudication}\n`,
  );
}
