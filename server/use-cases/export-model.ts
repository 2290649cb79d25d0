import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { buildExportedModelCard, type ExportedModelCard } from '@/lib/dashboard/model-card';
import { AppError } from '@/lib/errors/app-error';
import type { ModelKind } from '@/lib/schemas/project';
import type { Db } from '@/server/store/handle';
import { findModelVersionArtifactPath, type Project } from '@/server/store/models';
import { listModelVersions } from './list-model-versions';

export interface ModelExport {
  card: ExportedModelCard;
  /** The artifact directory the trainer wrote (model.json, weight shards, card.json). */
  dir: string;
  /** Its files, relative, without the trainer's card.json (the export writes the merged card). */
  files: string[];
}

export const TRAINER_CARD = 'card.json';

/**
 * A model version as a tfjs artifact with its card: the kind's given version, else its
 * active one. Fails with NOT_FOUND when the version or its artifact does not exist.
 */
export async function exportModel(
  db: Db,
  project: Pick<Project, 'id' | 'slug' | 'task' | 'labels' | 'normalLabels'>,
  args: { kind: ModelKind; version?: number; storageDir: string },
): Promise<ModelExport> {
  const where =
    args.version === undefined ? { kind: args.kind, active: true } : { kind: args.kind, version: args.version };
  const [version] = await listModelVersions(db, project.id, where);
  const which = `${args.kind}${args.version === undefined ? ' (active)' : ` v${args.version}`}`;
  if (!version) {
    const hint = args.version === undefined ? ': no version of this kind is active; pass --version' : '';
    throw new AppError({ code: 'NOT_FOUND', message: `No model version ${which} in ${project.slug}${hint}.` });
  }
  const name = `${version.kind} v${version.version}`;
  const artifact = await findModelVersionArtifactPath(db, version.id);
  if (!artifact.artifactPath) {
    throw new AppError({
      code: 'NOT_FOUND',
      message: `${name} has no artifact (state ${version.state}): nothing to export.`,
    });
  }
  const dir = path.resolve(args.storageDir, artifact.artifactPath);
  if (!existsSync(path.join(dir, 'model.json'))) {
    throw new AppError({ code: 'NOT_FOUND', message: `${name}'s artifact is missing: no model.json in ${dir}.` });
  }
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((f) => f !== TRAINER_CARD);
  const card = buildExportedModelCard({
    project: { slug: project.slug, task: project.task, labels: project.labels, normalLabels: project.normalLabels },
    version,
    trainerCard: await readTrainerCard(path.join(dir, TRAINER_CARD)),
    files,
  });
  return { card, dir, files };
}

async function readTrainerCard(file: string): Promise<Record<string, unknown> | null> {
  if (!existsSync(file)) return null;
  try {
    const parsed: unknown = JSON.parse(await fs.readFile(file, 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    throw new AppError({
      code: 'INTERNAL',
      message: `The trainer's ${TRAINER_CARD} in ${path.dirname(file)} is not valid JSON.`,
    });
  }
}
