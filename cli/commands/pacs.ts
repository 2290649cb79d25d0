import { z } from 'zod';
import { AppError } from '@/lib/errors/app-error';
import type { PacsAuthInput } from '@/lib/pacs/source-schema';
import { pacsContextFromConfig } from '@/server/pacs/pacs-context';
import { addPacsSource } from '@/server/use-cases/add-pacs-source';
import { getProjectOrThrow } from '@/server/use-cases/get-project-or-throw';
import { importPacsSeriesList } from '@/server/use-cases/import-pacs-series-list';
import { listPacsSources } from '@/server/use-cases/list-pacs-sources';
import { queryPacsSeries } from '@/server/use-cases/query-pacs-series';
import { sendPacsReport } from '@/server/use-cases/send-pacs-report';
import { syncPacsSource } from '@/server/use-cases/sync-pacs-source';
import { withDb } from '../lib/with-db';
import { parseFlags } from '../flags';
import { createProgressBar, printJson, printTable } from '../output';
import type { CliCommand, CliIO } from '../types';

const commonSchema = { project: z.string().min(1), json: z.boolean().default(false) };

const addSchema = z.object({
  ...commonSchema,
  name: z.string().min(1),
  url: z.string().min(1),
  auth: z.enum(['none', 'basic', 'bearer']).default('none'),
  username: z.string().optional(),
  'secret-env': z.string().optional(),
  modality: z.string().optional(),
  description: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  'sync-minutes': z.coerce.number().int().positive().optional(),
  'send-after-adjudication': z.boolean().default(false),
});
const sourceSchema = z.object({ ...commonSchema, source: z.string().min(1) });
const importSchema = sourceSchema.extend({ series: z.string().optional(), again: z.boolean().default(false) });
const sendSchema = z.object({
  ...commonSchema,
  scan: z.string().min(1),
  source: z.string().optional(),
  model: z.boolean().default(false),
  'grad-cam': z.boolean().default(false),
});

export const command: CliCommand = {
  name: 'pacs',
  summary: 'Connect a PACS (DICOMweb), browse and import its series, keep up with new ones, send reports back',
  help: `Usage:
  neuroloop pacs add --project P --name NAME --url DICOMWEB_ROOT [--auth none|basic|bearer]
                     [--username USER] [--secret-env VAR] [--modality CT] [--description 'HEAD*']
                     [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--sync-minutes N] [--send-after-adjudication]
  neuroloop pacs list   --project P [--json]
  neuroloop pacs query  --project P --source NAME [--json]
  neuroloop pacs import --project P --source NAME [--series UID,UID...] [--again] [--json]
  neuroloop pacs sync   --project P --source NAME [--json]
  neuroloop pacs send   --project P --scan SCAN_ID [--source NAME] [--model] [--grad-cam] [--json]

add: the password (basic) or token (bearer) is read from the environment variable named by
--secret-env, never from the command line; it is stored encrypted. Private or local PACS hosts
must be allowed by the operator (PACS_ALLOWED_HOSTS).
query: the series matching the source's filter, and what is imported of each.
import: the series given (default: every matching series not imported whole), each whole or
with its failed instances listed. sync: the same, recorded as the source's last sync.
send: the scan's consensus label (with --model, the active model's probabilities) as a DICOM
Structured Report in the scan's study, stored to the PACS the scan came from (or --source).
--grad-cam adds the model's Grad-CAM over the slice as a secondary capture the report refers to
(computed already: open it on the scan page first).`,
  async run(args, io) {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'add':
        return add(rest, io);
      case 'list':
        return list(rest, io);
      case 'query':
        return query(rest, io);
      case 'import':
        return importSeries(rest, io, false);
      case 'sync':
        return importSeries(rest, io, true);
      case 'send':
        return send(rest, io);
      default:
        throw new AppError({
          code: 'BAD_REQUEST',
          message: 'Expected `pacs add|list|query|import|sync|send` (see --help).',
        });
    }
  },
};

async function add(args: string[], io: CliIO): Promise<number> {
  const { flags } = parseFlags(args, addSchema);
  const secret = flags['secret-env'] ? process.env[flags['secret-env']] : undefined;
  if (flags.auth !== 'none' && !secret)
    throw new AppError({
      code: 'BAD_REQUEST',
      message: `--auth ${flags.auth} needs the secret in an environment variable: --secret-env NAME`,
    });
  const auth: PacsAuthInput =
    flags.auth === 'basic'
      ? { kind: 'basic', username: flags.username ?? '', password: secret! }
      : flags.auth === 'bearer'
        ? { kind: 'bearer', token: secret! }
        : { kind: 'none' };
  const view = await withDb(async ({ db, config, log }) => {
    const project = await getProjectOrThrow(db, flags.project);
    return addPacsSource(db, pacsContextFromConfig(config, log), {
      projectId: project.id,
      userId: null,
      source: {
        name: flags.name,
        baseUrl: flags.url,
        auth,
        filter: {
          modality: flags.modality,
          studyDescription: flags.description,
          dateFrom: flags.from,
          dateTo: flags.to,
        },
        syncIntervalMinutes: flags['sync-minutes'] ?? null,
        sendAfterAdjudication: flags['send-after-adjudication'],
      },
    });
  });
  if (flags.json) printJson(io, view);
  else io.stdout.write(`Added PACS source "${view.name}" (${view.baseUrl}, ${view.auth}).\n`);
  return 0;
}

async function list(args: string[], io: CliIO): Promise<number> {
  const { flags } = parseFlags(args, z.object(commonSchema));
  const views = await withDb(async ({ db }) => listPacsSources(db, (await getProjectOrThrow(db, flags.project)).id));
  if (flags.json) printJson(io, views);
  else
    printTable(
      io,
      views.map((v) => ({
        name: v.name,
        url: v.baseUrl,
        auth: v.auth,
        sync: v.syncIntervalMinutes ? `every ${v.syncIntervalMinutes} min` : 'off',
        last: v.syncStatus?.state ?? '',
        series: v.seriesImported,
        reports: v.reportsSent,
      })),
    );
  return 0;
}

async function query(args: string[], io: CliIO): Promise<number> {
  const { flags } = parseFlags(args, sourceSchema);
  const result = await withDb(async ({ db, config, log }) => {
    const project = await getProjectOrThrow(db, flags.project);
    const ctx = pacsContextFromConfig(config, log);
    return queryPacsSeries(db, ctx, { projectId: project.id, sourceId: flags.source });
  });
  if (flags.json) printJson(io, result);
  else {
    printTable(
      io,
      result.series.map((s) => ({
        date: s.studyDate,
        study: s.studyDescription,
        series: s.seriesDescription || s.seriesNumber,
        modality: s.modality,
        instances: s.instances ?? '?',
        imported: s.import
          ? `${s.import.state} ${s.import.imported}${s.import.failures.length ? ` (${s.import.failures.length} failed)` : ''}`
          : '',
        uid: s.seriesInstanceUid,
      })),
    );
    if (result.truncated) io.stdout.write('(more series match: narrow the filter)\n');
  }
  return 0;
}

async function importSeries(args: string[], io: CliIO, sync: boolean): Promise<number> {
  const { flags } = parseFlags(args, importSchema);
  if (sync && (flags.series || flags.again))
    throw new AppError({
      code: 'BAD_REQUEST',
      message: '`pacs sync` takes no --series or --again: it imports what is new.',
    });
  const bar = flags.json ? undefined : createProgressBar(io, sync ? 'sync' : 'import');
  const onProgress = (p: { phase: string; done: number; total: number }) => bar?.update(p.done, p.total, p.phase);
  const result = await withDb(async ({ db, config, log }) => {
    const project = await getProjectOrThrow(db, flags.project);
    const ctx = pacsContextFromConfig(config, log);
    const base = {
      projectId: project.id,
      userId: null,
      sourceId: flags.source,
      storageDir: config.storageDir,
      maxPixels: config.IMPORT_MAX_PIXELS,
      workers: config.IMPORT_WORKERS,
    };
    if (sync) return syncPacsSource(db, ctx, base, onProgress);
    const { series } = await queryPacsSeries(db, ctx, { projectId: project.id, sourceId: flags.source, max: 100_000 });
    const wanted = flags.series ? new Set(flags.series.split(',').map((s) => s.trim())) : null;
    const chosen = series.filter((s) =>
      wanted ? wanted.has(s.seriesInstanceUid) : !(s.import?.state === 'succeeded' && !s.import.failures.length),
    );
    if (wanted && chosen.length < wanted.size)
      throw new AppError({ code: 'NOT_FOUND', message: 'Some --series are not among the series matching the filter.' });
    return importPacsSeriesList(db, ctx, { ...base, series: chosen, again: flags.again }, onProgress);
  });
  bar?.done();
  if (flags.json) printJson(io, result);
  else if (Array.isArray(result))
    printTable(
      io,
      result.map((r) => ({
        series: r.seriesInstanceUid,
        state: r.state,
        instances: r.instances,
        imported: r.imported,
        duplicates: r.duplicates,
        failed: r.failures.length,
        error: r.error ?? r.failures[0]?.message ?? '',
      })),
    );
  else if (result.state === 'succeeded')
    io.stdout.write(
      `Sync: ${result.seriesFound} series match, ${result.seriesImported} imported now (${result.imported} scans, ${result.duplicate} duplicates, ${result.failed} instances failed).\n` +
        result.errors.map((e) => `  ${e.seriesInstanceUid}: ${e.error}\n`).join(''),
    );
  else io.stdout.write(`Sync failed: ${result.state === 'failed' ? result.error : 'still running'}\n`);
  const failed = Array.isArray(result) ? result.some((r) => r.state === 'failed') : result.state === 'failed';
  return failed ? 1 : 0;
}

async function send(args: string[], io: CliIO): Promise<number> {
  const { flags } = parseFlags(args, sendSchema);
  const sent = await withDb(async ({ db, config, log }) => {
    const project = await getProjectOrThrow(db, flags.project);
    return sendPacsReport(
      db,
      pacsContextFromConfig(config, log),
      {
        projectId: project.id,
        userId: null,
        scanId: flags.scan,
        sourceId: flags.source,
        includeModel: flags.model,
        includeGradCam: flags['grad-cam'],
      },
      { storageDir: config.storageDir },
    );
  });
  if (flags.json) printJson(io, sent);
  else
    io.stdout.write(
      `Sent "${sent.label}" to ${sent.source} as SR ${sent.sopInstanceUid} (study ${sent.studyInstanceUid})` +
        (sent.captureSopInstanceUid ? `, with the Grad-CAM as ${sent.captureSopInstanceUid}.\n` : '.\n'),
    );
  return 0;
}
