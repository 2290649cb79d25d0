import { bootstrapEstimates } from '@/lib/agreement/bootstrap';
import { encodeReads } from '@/lib/agreement/encode';
import { fleissKappaPlan } from '@/lib/agreement/fleiss-kappa';
import { krippendorffAlphaPlan } from '@/lib/agreement/krippendorff-alpha';
import { pairableStats } from '@/lib/agreement/pairable';
import { percentAgreementPlan } from '@/lib/agreement/percent-agreement';
import type { Read } from '@/lib/agreement/types';
import type { Annotation } from '@/lib/labels/annotation';
import type { Db } from '@/server/store/handle';
import { listModelVersionSnapshots } from '@/server/store/project-views';
import {
  AgreementQuerySchema,
  agreementReads,
  memoized,
  type AgreementProject,
  type AgreementQuery,
} from './get-project-agreement';
import {
  listProjectAnnotationRows,
  readsFromRows,
  type ProjectAnnotationRow,
  type ReadsCutoff,
} from './list-project-reads';

/** One row of agreement over time: its headline statistics with their intervals. */
export type AgreementPeriod = {
  key: string;
  kind: 'week' | 'model-version';
  /** "2026-W47", or the model versions trained on these reads ("CNN v3, RESNET v2"). */
  label: string;
  /** Week: its Monday 00:00 UTC. Model version: when the reads were frozen for training. */
  at: string;
  upToSeq: number;
} & HeadlineStatistics;

export interface AgreementOverTime {
  upToSeq: number;
  /** Reads grouped by the ISO week (UTC) they were made in, as they stood at the week's end. */
  byWeek: AgreementPeriod[];
  /** The reads available when each model version was trained (its label snapshot). */
  byModelVersion: AgreementPeriod[];
  computeMs: number;
}

const WEEK_MS = 7 * 86_400_000;

type OverTimeProject = Pick<AgreementProject, 'id' | 'task' | 'labels'> & { lastSequence?: bigint };

/** A model version as far as this needs it (the dashboard's ModelVersionView qualifies). */
export interface TrainedVersion {
  kind: string;
  version: number;
  state: string;
  createdAt: string;
  labelSnapshot: { upToSeq: number; createdAt: string } | null;
}

export interface OverTimeOptions extends AgreementQuery {
  /** The project's annotation rows in commit order, when the caller has them already. */
  rows?: readonly Annotation[];
  versions?: readonly TrainedVersion[];
  /** Rows after this are left out (default: all). */
  now?: Date;
  maxWeeks?: number;
}

/**
 * Agreement per week and per model version from one fetch of the annotation rows, sliced in
 * memory. A period's result depends only on the rows it includes, whose highest sequence
 * number names them exactly (rows are append-only and numbered in commit order): past
 * weeks and old model versions are computed once and then served from memory.
 */
export async function getAgreementOverTime(
  db: Db,
  project: OverTimeProject,
  opts: OverTimeOptions = {},
): Promise<AgreementOverTime> {
  const query = AgreementQuerySchema.parse(opts);
  const maxWeeks = opts.maxWeeks ?? 52;
  const versions = opts.versions ?? (await listTrainedVersions(db, project.id));
  const compute = async () => {
    const rows = opts.rows
      ? opts.rows.map(toRow)
      : await listProjectAnnotationRows(db, project.id, { upToSeq: project.lastSequence });
    return overTime(project, rows, versions, { ...query, maxWeeks, now: opts.now });
  };
  if (opts.rows || project.lastSequence === undefined) return compute();
  // Rows fetched here: the whole answer is kept per sequence number and set of model versions.
  const versionsKey = versions
    .map((v) => `${v.kind}${v.version}:${v.state}:${v.labelSnapshot?.upToSeq ?? v.createdAt}`)
    .join(',');
  const key = [
    'over-time',
    project.id,
    project.lastSequence,
    versionsKey,
    project.task,
    project.labels.join('\u0001'),
    query.bootstrap,
    query.seed,
    maxWeeks,
    opts.now?.getTime(),
  ].join('|');
  return memoized(key, compute, { store: 'over-time', max: 16 });
}

async function overTime(
  project: OverTimeProject,
  allRows: readonly ProjectAnnotationRow[],
  versions: readonly TrainedVersion[],
  opts: { bootstrap: number; seed: number; maxWeeks: number; now?: Date },
): Promise<AgreementOverTime> {
  const started = performance.now();
  const rows = opts.now ? allRows.filter((r) => r.createdAt <= opts.now!) : allRows;
  const period = async (
    key: string,
    label: string,
    kind: AgreementPeriod['kind'],
    at: Date,
    cutoff: ReadsCutoff,
  ): Promise<AgreementPeriod> => {
    const projectReads = readsFromRows(rows, cutoff);
    const { reads } = agreementReads(projectReads, project.task, project.labels);
    const memoKey = [
      'agreement-period',
      project.id,
      key,
      projectReads.upToSeq,
      project.task,
      project.labels.join('\u0001'),
      opts.bootstrap,
      opts.seed,
    ].join('|');
    const categories = project.task === 'MULTILABEL' ? undefined : project.labels;
    const stats = await memoized(memoKey, async () => headlineStatistics(reads, categories, opts), {
      store: 'periods',
      max: 1024,
    });
    return { key, kind, label, at: at.toISOString(), upToSeq: Number(projectReads.upToSeq), ...stats };
  };
  const byWeek: AgreementPeriod[] = [];
  for (const start of weekStarts(rows).slice(-opts.maxWeeks)) {
    const p = await period(`week:${start.getTime()}`, isoWeekLabel(start), 'week', start, {
      since: start,
      until: new Date(start.getTime() + WEEK_MS - 1),
    });
    if (p.reads > 0) byWeek.push(p);
  }
  const byModelVersion: AgreementPeriod[] = [];
  for (const [seq, group] of versionCutoffs(rows, versions)) {
    byModelVersion.push(
      await period(`seq:${seq}`, group.names.join(', '), 'model-version', group.at, { upToSeq: seq }),
    );
  }
  const upToSeq = rows.length > 0 ? Number(rows[rows.length - 1].seq) : 0;
  return { upToSeq, byWeek, byModelVersion, computeMs: Math.round(performance.now() - started) };
}

async function listTrainedVersions(db: Db, projectId: string): Promise<TrainedVersion[]> {
  const versions = await listModelVersionSnapshots(db, projectId);
  return versions.map((v) => ({
    ...v,
    createdAt: v.createdAt.toISOString(),
    labelSnapshot: v.labelSnapshot
      ? { upToSeq: Number(v.labelSnapshot.upToSeq), createdAt: v.labelSnapshot.createdAt.toISOString() }
      : null,
  }));
}

/** An annotation as the app sees it, back in the store's row form. */
function toRow(a: Annotation): ProjectAnnotationRow {
  return {
    id: a.id,
    seq: BigInt(a.seq),
    scanId: a.scanId,
    authorId: a.authorId,
    source: a.source,
    supersedesId: a.supersedesId,
    value: a.value,
    createdAt: new Date(a.createdAt),
    author: { name: a.authorName },
  };
}

export type HeadlineStatistics = ReturnType<typeof headlineStatistics>;

/** Percent agreement, Fleiss' kappa and Krippendorff's alpha with intervals (the same resamples as the full report). */
export function headlineStatistics(
  reads: readonly Read[],
  categories: readonly string[] | undefined,
  opts: { bootstrap: number; seed: number },
) {
  const data = encodeReads(reads, { categories });
  const [percent_agreement, fleiss_kappa, krippendorff_alpha] = bootstrapEstimates(
    [percentAgreementPlan(data), fleissKappaPlan(data), krippendorffAlphaPlan(data)],
    data.items.length,
    { replicates: opts.bootstrap, seed: opts.seed },
  );
  return {
    reads: data.label.length,
    items: data.items.length,
    pairableItems: pairableStats(data).rowItem.length,
    readers: data.readers.length,
    krippendorff_alpha,
    fleiss_kappa,
    percent_agreement,
  };
}

/** Monday 00:00 UTC of every week from the first row's to the last row's. */
function weekStarts(rows: readonly ProjectAnnotationRow[]): Date[] {
  if (rows.length === 0) return [];
  let [first, last] = [Infinity, -Infinity];
  for (const r of rows) [first, last] = [Math.min(first, r.createdAt.getTime()), Math.max(last, r.createdAt.getTime())];
  const starts: Date[] = [];
  for (let t = mondayOf(first); t <= last; t += WEEK_MS) starts.push(new Date(t));
  return starts;
}

function mondayOf(t: number): number {
  const d = new Date(t);
  const daysSinceMonday = (d.getUTCDay() + 6) % 7;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - daysSinceMonday);
}

/** ISO 8601 week label of a Monday (UTC): the week belongs to the year of its Thursday. */
export function isoWeekLabel(monday: Date): string {
  const thursday = new Date(monday.getTime() + 3 * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / WEEK_MS) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * Model versions (failed ones left out) grouped by the reads they were trained on: the label
 * snapshot's sequence number, or, without a snapshot, the last row committed before the
 * version was created. Oldest reads first.
 */
function versionCutoffs(
  rows: readonly ProjectAnnotationRow[],
  versions: readonly TrainedVersion[],
): Map<bigint, { names: string[]; at: Date }> {
  const groups = new Map<bigint, { names: string[]; at: Date }>();
  const trained = versions
    .filter((v) => v.state !== 'FAILED')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.kind.localeCompare(b.kind));
  for (const v of trained) {
    const seq = v.labelSnapshot ? BigInt(v.labelSnapshot.upToSeq) : lastSeqBefore(rows, new Date(v.createdAt));
    const at = new Date(v.labelSnapshot?.createdAt ?? v.createdAt);
    const group = groups.get(seq) ?? groups.set(seq, { names: [], at }).get(seq)!;
    group.names.push(`${v.kind} v${v.version}`);
  }
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function lastSeqBefore(rows: readonly ProjectAnnotationRow[], at: Date): bigint {
  let seq = 0n;
  for (const r of rows) if (r.createdAt <= at && r.seq > seq) seq = r.seq;
  return seq;
}
