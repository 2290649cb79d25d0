import { modelCardSchema } from '@/lib/models/model-card';
import type { ModelVersionMetrics } from '@/lib/registry/model-metrics';
import type { ModelVersionView } from './model-versions';

/** Fields the export takes from the store rather than from the trainer's card. */
const fromStore = new Set(['format', 'kind', 'backend', 'metrics']);

/**
 * The keys of the trainer's card.json an exported card keeps: those its schema defines. An
 * allow-list, like the scan fields of the label export: nothing else written beside the
 * artifact reaches an export unread.
 */
const trainerCardKeys: readonly string[] = modelCardSchema.keyof().options.filter((k) => !fromStore.has(k));

/** The card written beside an exported tfjs model. */
export interface ExportedModelCard {
  format: 'neuroloop.model-card/1';
  project: { slug: string; task: string; labels: string[]; normalLabels: string[] };
  modelVersionId: string;
  kind: string;
  version: number;
  state: string;
  active: boolean;
  backend: string;
  hyperParams: unknown;
  labelCount: number;
  labelSnapshot: ModelVersionView['labelSnapshot'];
  trainingTimeMs: number | null;
  createdAt: string;
  finishedAt: string | null;
  metrics: ModelVersionMetrics | null;
  /** How to prepare a scan for this model (from the trainer's card; null when it wrote none). */
  preprocessing: unknown;
  /** The rest of the trainer's card.json, allow-listed. */
  trainer: Record<string, unknown>;
  files: string[];
}

export function buildExportedModelCard(args: {
  project: ExportedModelCard['project'];
  version: ModelVersionView;
  trainerCard: Record<string, unknown> | null;
  files: string[];
}): ExportedModelCard {
  const { version: v, trainerCard } = args;
  const trainer: Record<string, unknown> = {};
  for (const key of trainerCardKeys) if (trainerCard && key in trainerCard) trainer[key] = trainerCard[key];
  return {
    format: 'neuroloop.model-card/1',
    project: args.project,
    modelVersionId: v.id,
    kind: v.kind,
    version: v.version,
    state: v.state,
    active: v.active,
    backend: v.backend,
    hyperParams: v.hyperParams,
    labelCount: v.labelCount,
    labelSnapshot: v.labelSnapshot,
    trainingTimeMs: v.trainingTimeMs,
    createdAt: v.createdAt,
    finishedAt: v.finishedAt,
    metrics: v.metrics,
    preprocessing: trainer.preprocessing ?? null,
    trainer,
    files: [...args.files].sort(),
  };
}
