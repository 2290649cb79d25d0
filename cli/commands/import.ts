import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '@/lib/errors/app-error';
import { importSplitSchema, type ImportSummary } from '@/lib/imaging/import-report';
import { parseLabelsCsv } from '@/lib/imaging/labels-csv';
import { loadConfig } from '@/server/config';
import { importPaths } from '@/server/imaging/import-paths';
import { createMemorySink } from '@/server/imaging/memory-sink';
import { createLogger } from '@/server/logger';
import { getProjectOrThrow } from '@/server/use-cases/get-project-or-throw';
import { importScans } from '@/server/use-cases/import-scans';
import { withDb } from '../lib/with-db';
import { defineCommand } from '../command';
import { flag, jsonFlag } from '../flags';
import { createProgressBar, printJson, printTable } from '../output';
import type { CliIO } from '../types';

const importFlagsSchema = z.object({
  project: flag(z.string().min(1).optional(), 'project to import into (required unless --dry-run)', 'SLUG'),
  labels: flag(
    z.string().optional(),
    'CSV with columns file,label[,subtypes]; file is a name, relative path or content hash',
    'FILE',
  ),
  split: flag(importSplitSchema.default('auto'), 'auto: from Training/ and Testing/ folders, else pool', 'SPLIT'),
  'dry-run': flag(
    z.boolean().default(false),
    'decode, check and hash everything but store nothing (in-memory sink, temp storage)',
  ),
  'max-pixels': flag(
    z.coerce.number().int().positive().optional(),
    'refuse images above N pixels (default IMPORT_MAX_PIXELS)',
    'N',
  ),
  concurrency: flag(z.coerce.number().int().min(1).max(64).default(4), 'files in flight', 'N'),
  json: jsonFlag('print the summary as JSON'),
});

export const command = defineCommand({
  name: 'import',
  summary: 'Import DICOM, PNG and JPEG scans (files or folders) into a project',
  positionals: 'PATH...',
  description: `Imports files and folders recursively: DICOM Part 10 (uncompressed, RLE, JPEG Lossless, JPEG-LS,
JPEG 2000, baseline JPEG), PNG and JPEG (colour is converted to greyscale; the original is kept).
Multi-frame DICOM files become one scan per frame.

Folders laid out as Training/<class>/*, Testing/<class>/* give each image the class as a prior label
and the folder as its split (with --split auto). The same pixels imported twice are one scan, so
re-running an import adds nothing. Bad files are reported with a reason and the rest continue.`,
  flags: importFlagsSchema,
  async run({ flags, positionals, io }) {
    if (positionals.length === 0)
      throw new AppError({ code: 'BAD_REQUEST', message: 'give at least one file or folder to import' });
    if (!flags.project && !flags['dry-run'])
      throw new AppError({ code: 'BAD_REQUEST', message: '--project is required (or use --dry-run)' });
    const config = loadConfig();
    const labels = flags.labels ? parseLabelsCsv(await readFile(path.resolve(flags.labels), 'utf8')) : undefined;
    const bar = flags.json ? undefined : createProgressBar(io, 'import');
    const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, 'import');
    const common = {
      maxPixels: flags['max-pixels'] ?? config.IMPORT_MAX_PIXELS,
      split: flags.split,
      labels,
      concurrency: flags.concurrency,
    };
    let summary: ImportSummary;
    if (flags['dry-run']) {
      // With --project, prior labels are checked against its labels as the real import would.
      const projectLabels = flags.project
        ? await withDb(async ({ db }) => (await getProjectOrThrow(db, flags.project ?? '')).labels)
        : undefined;
      const dryRunDir = await mkdtemp(path.join(os.tmpdir(), 'neuroloop-import-'));
      try {
        summary = await importPaths(
          positionals,
          { ...common, projectLabels, storageDir: dryRunDir, logger },
          createMemorySink(),
          (p) => bar?.update(p.done, p.total, p.file),
        );
      } finally {
        await rm(dryRunDir, { recursive: true, force: true });
      }
    } else {
      summary = await withDb(async ({ db }) => {
        const project = await getProjectOrThrow(db, flags.project ?? '');
        return importScans(
          db,
          { ...common, projectId: project.id, userId: null, paths: positionals, storageDir: config.storageDir },
          { log: logger, onProgress: (p) => bar?.update(p.done, p.total, p.file) },
        );
      });
    }
    bar?.done();
    report(io, summary, flags.json, flags['dry-run']);
    return 0;
  },
});

function report(io: CliIO, summary: ImportSummary, json: boolean, dryRun: boolean): void {
  if (json) {
    printJson(io, { ok: true, dryRun, ...summary });
    return;
  }
  const seconds = summary.durationMs / 1000;
  io.stdout.write(`${dryRun ? 'Dry run: ' : ''}${summary.files} files in ${seconds.toFixed(1)} s\n`);
  printTable(io, [
    { status: 'imported', count: summary.imported },
    { status: 'duplicate', count: summary.duplicate },
    { status: 'rejected', count: summary.rejected },
    { status: 'skipped', count: summary.skipped },
    { status: 'prior labels', count: summary.labelsAttached },
  ]);
  const rejected = summary.outcomes.filter((o) => o.status === 'rejected');
  if (rejected.length > 0) {
    io.stdout.write('\nRejected:\n');
    printTable(
      io,
      rejected.map((o) => ({ file: o.file, reason: o.reason, message: o.message })),
    );
  }
}
