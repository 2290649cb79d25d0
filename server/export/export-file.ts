import type { ExportRequest } from '@/lib/dashboard/queries';
import type { Db } from '@/server/store/handle';
import type { Project } from '@/server/store/project-views';
import { exportLabels } from '@/server/use-cases/export-labels';
import { exportMetrics } from '@/server/use-cases/export-metrics';
import { exportModel } from '@/server/use-cases/export-model';
import { labelsToCsv } from './labels-csv';
import { metricsToCsv } from './metrics-csv';
import { modelTar } from './model-artifact';

export interface ExportFile {
  filename: string;
  contentType: string;
  body: string | Buffer;
  /** What it holds, for the CLI's report. */
  summary: Record<string, string | number>;
}

const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

/** One export as a single file: labels or metrics as CSV or JSON, a model's card (json) or artifact (tar). */
export async function exportFile(
  db: Db,
  project: Project,
  req: ExportRequest,
  opts: { storageDir: string; now?: Date },
): Promise<ExportFile> {
  const base = `${project.slug}-${req.what}`;
  if (req.what === 'labels') {
    const exp = await exportLabels(db, project, opts.now);
    const summary = {
      scans: exp.scans.length,
      annotations: exp.scans.reduce((a, s) => a + s.history.length, 0),
      readers: exp.readers.length,
    };
    return req.format === 'csv'
      ? { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: labelsToCsv(exp), summary }
      : { filename: `${base}.json`, contentType: 'application/json', body: json(exp), summary };
  }
  if (req.what === 'metrics') {
    const exp = await exportMetrics(db, project, opts.now);
    const summary = { versions: exp.versions.length };
    return req.format === 'csv'
      ? { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: metricsToCsv(exp), summary }
      : { filename: `${base}.json`, contentType: 'application/json', body: json(exp), summary };
  }
  const exp = await exportModel(db, project, { kind: req.kind!, version: req.version, storageDir: opts.storageDir });
  const folder = `${project.slug}-${exp.card.kind.toLowerCase()}-v${exp.card.version}`;
  const summary = { kind: exp.card.kind, version: exp.card.version, files: exp.files.length + 1 };
  return req.format === 'json'
    ? { filename: `${folder}-card.json`, contentType: 'application/json', body: json(exp.card), summary }
    : { filename: `${folder}.tar`, contentType: 'application/x-tar', body: await modelTar(exp, folder), summary };
}
