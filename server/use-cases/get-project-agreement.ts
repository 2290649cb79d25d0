import { z } from 'zod';
import type { AgreementReport } from '@/lib/agreement/report';
import { WeightKindSchema, type Read } from '@/lib/agreement/types';
import { hasRole, type Role } from '@/lib/auth/roles';
import { computeAgreementOffThread } from '@/server/agreement/agreement-pool';
import type { Db } from '@/server/db/client';
import { listProjectReads, type ProjectReads } from './list-project-reads';

/** What the app and the CLI may ask of the agreement statistics. */
export const AgreementQuerySchema = z.object({
  bootstrap: z.coerce.number().int().min(0).max(10_000).default(1000),
  seed: z.coerce.number().int().default(1),
  weights: WeightKindSchema.default('none'),
  /** Dawid–Skene posterior that trains; the project's own threshold when omitted. */
  threshold: z.coerce.number().gt(0).max(1).optional(),
});
export type AgreementQuery = z.input<typeof AgreementQuerySchema>;

export interface AgreementProject {
  id: string;
  task: 'BINARY' | 'MULTICLASS' | 'MULTILABEL';
  labels: string[];
  consensusThreshold: number;
  lastSequence: bigint;
}

export interface ProjectAgreement {
  /** The reads are every current read up to this annotation sequence number. */
  upToSeq: number;
  computedAt: string;
  /** How long the computation took (when it was computed, not when it was served). */
  computeMs: number;
  multiLabel: boolean;
  /** Reads left out because a label is no longer in the project's label set. */
  ignoredReads: number;
  /** Reader names, not ids; a multi-label project's reads compared as whole label sets. */
  report: AgreementReport;
  /** Multi-label projects: each label as present/absent. */
  perLabel: { label: string; report: AgreementReport }[];
  /** False when per-scan details (Dawid–Skene posteriors) were left out for the viewer. */
  perScan: boolean;
  /** Set when the answer is partial: the time budget cut the bootstrap short (fewer replicates). */
  note: string | null;
  /**
   * Labels the scans were imported with: a prior, never a reader. They are in no statistic
   * above; `agreeing` of them match the readers' consensus on the scans that have one.
   */
  priors: { scans: number; compared: number; agreeing: number };
  /** Reader display name → user id (for narrowing per-reader figures to the viewer). */
  readerIds: Record<string, string>;
}

/** How long one computation's bootstrap may run before it answers with the replicates done. */
export const DEFAULT_AGREEMENT_BUDGET_MS = 20_000;

/**
 * Agreement between a project's readers, with every statistic's bootstrap interval.
 * Annotations are append-only, so the reads up to a sequence number never change: results
 * are kept per (project, sequence number, options) and a page load after no new read costs
 * nothing. Viewers below CLINICIAN get aggregates only (no per-scan posteriors).
 */
export async function getProjectAgreement(
  db: Db,
  project: AgreementProject,
  opts: AgreementQuery & {
    viewerRole?: Role;
    /** The viewer's user id: below LEAD, only their own estimated accuracy is shown. */
    viewerId?: string;
    /** Category order (weighted kappa); the project's label order by default. */
    categories?: string[];
    upToSeq?: bigint;
    /** The bootstrap's time budget (AGREEMENT_TIME_BUDGET_MS). */
    budgetMs?: number;
  } = {},
): Promise<ProjectAgreement> {
  const query = AgreementQuerySchema.parse(opts);
  const upToSeq = opts.upToSeq ?? project.lastSequence;
  const categories = opts.categories ?? project.labels;
  const threshold = query.threshold ?? project.consensusThreshold;
  const key = [
    'agreement',
    project.id,
    upToSeq,
    project.task,
    project.labels.join('\u0001'),
    categories.join('\u0001'),
    query.bootstrap,
    query.seed,
    query.weights,
    threshold,
  ].join('|');
  const full = await memoized(key, async () => {
    const started = performance.now();
    const projectReads = await listProjectReads(db, project.id, { upToSeq });
    const names = readerDisplayNames(projectReads.readerNames);
    const { reads, multiLabelReads, ignoredReads } = agreementReads(projectReads, project.task, project.labels, names);
    const multiLabel = project.task === 'MULTILABEL';
    // Off the event loop, within the time budget (server/agreement/agreement-pool.ts).
    const { report, perLabel, note } = await computeAgreementOffThread({
      reads,
      multiLabelReads,
      multiLabel,
      categories,
      weights: query.weights,
      bootstrap: query.bootstrap,
      seed: query.seed,
      threshold,
      budgetMs: opts.budgetMs ?? DEFAULT_AGREEMENT_BUDGET_MS,
    });
    return {
      upToSeq: Number(projectReads.upToSeq),
      computedAt: new Date().toISOString(),
      computeMs: Math.round(performance.now() - started),
      multiLabel,
      ignoredReads,
      report,
      perLabel,
      perScan: true,
      note,
      priors: priorsAgainstConsensus(projectReads.priors, report),
      readerIds: Object.fromEntries([...names].map(([id, name]) => [name, id])),
    };
  });
  const viewerRole = opts.viewerRole ?? 'ANNOTATOR';
  const forViewer = hasRole(viewerRole, 'LEAD') ? full : ownAccuracyOnly(full, opts.viewerId);
  return hasRole(viewerRole, 'CLINICIAN') ? forViewer : aggregatesOnly(forViewer);
}

/** How many imported labels match the readers' consensus (Dawid–Skene when it fitted). */
function priorsAgainstConsensus(priors: ReadonlyMap<string, string>, report: AgreementReport) {
  const consensus = new Map(report.dawid_skene.ok ? report.dawid_skene.posteriors.map((p) => [p.item, p.label]) : []);
  let compared = 0;
  let agreeing = 0;
  for (const [scan, label] of priors) {
    const c = consensus.get(scan);
    if (c === undefined) continue;
    compared += 1;
    if (c === label) agreeing += 1;
  }
  return { scans: priors.size, compared, agreeing };
}

/** Estimated reader accuracies are a lead's view; anyone else sees their own only. */
function ownAccuracyOnly(a: ProjectAgreement, viewerId: string | undefined): ProjectAgreement {
  const own = Object.entries(a.readerIds).find(([, id]) => id === viewerId)?.[0];
  const strip = (r: AgreementReport): AgreementReport =>
    r.dawid_skene.ok
      ? {
          ...r,
          dawid_skene: {
            ...r.dawid_skene,
            reader_accuracy: Object.fromEntries(
              Object.entries(r.dawid_skene.reader_accuracy).filter(([name]) => name === own),
            ),
          },
        }
      : r;
  return {
    ...a,
    report: strip(a.report),
    perLabel: a.perLabel.map((l) => ({ ...l, report: strip(l.report) })),
    readerIds: own ? { [own]: viewerId! } : {},
  };
}

/**
 * The reads agreement is computed on: labels outside the project's set left out, readers
 * named (a reader key stays where no name is known). A multi-label read becomes one
 * category, its whole label set ("a + b"): exact-set agreement.
 */
export function agreementReads(
  projectReads: Pick<ProjectReads, 'reads' | 'multiLabelReads'>,
  task: AgreementProject['task'],
  categories: readonly string[],
  names: ReadonlyMap<string, string> = new Map(),
): { reads: Read[]; multiLabelReads: { item: string; reader: string; labels: string[] }[]; ignoredReads: number } {
  const known = new Set(categories);
  const name = (reader: string) => names.get(reader) ?? reader;
  if (task !== 'MULTILABEL') {
    const reads = projectReads.reads.filter((r) => known.has(r.label)).map((r) => ({ ...r, reader: name(r.reader) }));
    return { reads, multiLabelReads: [], ignoredReads: projectReads.reads.length - reads.length };
  }
  const order = new Map(categories.map((c, i) => [c, i]));
  const multiLabelReads = projectReads.multiLabelReads
    .filter((r) => r.labels.every((l) => known.has(l)))
    .map((r) => ({
      item: r.item,
      reader: name(r.reader),
      labels: [...r.labels].sort((a, b) => order.get(a)! - order.get(b)!),
    }));
  const reads = multiLabelReads.map((r) => ({ item: r.item, reader: r.reader, label: r.labels.join(' + ') }));
  return { reads, multiLabelReads, ignoredReads: projectReads.multiLabelReads.length - reads.length };
}

/** Display names, made unique ("Sam Lee (2)") so that two people never merge into one reader. */
export function readerDisplayNames(names: ReadonlyMap<string, string>): Map<string, string> {
  const total = new Map<string, number>();
  for (const n of names.values()) total.set(n, (total.get(n) ?? 0) + 1);
  const seen = new Map<string, number>();
  const out = new Map<string, string>();
  for (const [id, n] of [...names].sort(([a], [b]) => a.localeCompare(b))) {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    out.set(id, total.get(n)! > 1 ? `${n} (${k})` : n);
  }
  return out;
}

function aggregatesOnly(a: ProjectAgreement): ProjectAgreement {
  const strip = (r: AgreementReport): AgreementReport =>
    r.dawid_skene.ok ? { ...r, dawid_skene: { ...r.dawid_skene, posteriors: [] } } : r;
  return {
    ...a,
    report: strip(a.report),
    perLabel: a.perLabel.map((l) => ({ ...l, report: strip(l.report) })),
    perScan: false,
  };
}

const memoKey = Symbol.for('neuroloop.agreement-memo');

/**
 * Small LRUs of results keyed by everything they were computed from, one per store name.
 * They live on globalThis because Next bundles route handlers and pages apart from the
 * custom server; concurrent requests for one key share one computation.
 */
export function memoized<T>(
  key: string,
  compute: () => Promise<T>,
  opts: { store?: string; max?: number } = {},
): Promise<T> {
  const { store = 'reports', max = 24 } = opts;
  const g = globalThis as typeof globalThis & { [memoKey]?: Map<string, Map<string, Promise<unknown>>> };
  const stores = (g[memoKey] ??= new Map());
  const memo = stores.get(store) ?? stores.set(store, new Map()).get(store)!;
  const hit = memo.get(key) as Promise<T> | undefined;
  memo.delete(key);
  const result = hit ?? compute();
  memo.set(key, result);
  if (!hit) result.catch(() => memo.delete(key));
  while (memo.size > max) memo.delete(memo.keys().next().value!);
  return result;
}
