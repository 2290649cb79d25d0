import type { Prisma } from '@/generated/prisma/client';
import type { ModelKind } from '@/lib/schemas/project';
import { createInChunks } from '@/server/db/create-in-chunks';
import { insertUnnest, type BulkColumn } from '@/server/db/insert-unnest';
import type { DbOrTx } from './handle';

export type { Project } from '@/generated/prisma/client';

/** Which of a project's model versions (their kind, version, state...). */
export type ModelVersionFilter = Prisma.ModelVersionWhereInput;
/** A model version's row as it is inserted. */
export type NewModelVersion = Prisma.ModelVersionUncheckedCreateInput;
/** A prediction's row as it is inserted. */
export interface NewPredictionRow {
  modelVersionId: string;
  scanId: string;
  probabilities: number[];
  /** number[][] (JSON), when a strategy needs them. */
  mcSamples?: unknown;
  embeddingRef?: string | null;
}
/** A score's row as it is inserted. */
export interface NewScoreRow {
  projectId: string;
  scanId: string;
  measure: string;
  value: number;
  modelVersionIds: string[];
  versionKey: string;
}
/** An evaluated scan's row as it is inserted. */
export type NewEvaluatedScanRow = Prisma.EvaluatedScanCreateManyInput;

// Model versions.

export function findModelVersion(db: DbOrTx, id: string) {
  return db.modelVersion.findUnique({ where: { id } });
}

/** The version's artifact path (a Prisma not-found error when there is no such version). */
export function findModelVersionArtifactPath(db: DbOrTx, id: string) {
  return db.modelVersion.findUniqueOrThrow({ where: { id }, select: { artifactPath: true } });
}

/** The version's project (a Prisma not-found error when there is no such version). */
export function findModelVersionProjectId(db: DbOrTx, id: string) {
  return db.modelVersion.findUniqueOrThrow({ where: { id }, select: { projectId: true } });
}

/** The version, if it is one of the project's. */
export function findProjectModelVersion(db: DbOrTx, args: { projectId: string; versionId: string }) {
  return db.modelVersion.findFirst({ where: { id: args.versionId, projectId: args.projectId } });
}

/** What an explanation needs of the version, if it is one of the project's. */
export function findProjectModelVersionArtifact(db: DbOrTx, args: { projectId: string; versionId: string }) {
  return db.modelVersion.findFirst({
    where: { id: args.versionId, projectId: args.projectId },
    select: { kind: true, version: true, state: true, artifactPath: true },
  });
}

/** The project's active, trained model versions (one per kind at most), or only `kind`'s. */
export function findActiveReadyModelVersions(db: DbOrTx, projectId: string, kind?: ModelKind) {
  return db.modelVersion.findMany({ where: { projectId, active: true, state: 'READY', ...(kind ? { kind } : {}) } });
}

/** The ids and kinds of the project's active, trained model versions. */
export function findActiveReadyModelVersionKinds(db: DbOrTx, projectId: string) {
  return db.modelVersion.findMany({
    where: { projectId, active: true, state: 'READY' },
    select: { id: true, kind: true },
  });
}

/** A project's model versions matching `where`, with their label snapshots, by kind then version. */
export function findModelVersionsWithSnapshots(db: DbOrTx, projectId: string, where: ModelVersionFilter) {
  return db.modelVersion.findMany({
    where: { ...where, projectId },
    include: { labelSnapshot: { select: { id: true, upToSeq: true, itemCount: true, rule: true, createdAt: true } } },
    orderBy: [{ kind: 'asc' }, { version: 'asc' }],
  });
}

/** The kind's highest version number in the project, if it has any. */
export function findLastModelVersionNumber(db: DbOrTx, projectId: string, kind: ModelKind) {
  return db.modelVersion.findFirst({
    where: { projectId, kind },
    orderBy: { version: 'desc' },
    select: { version: true },
  });
}

/** The kind's active version in the project, trained or not. */
export function findActiveModelVersion(db: DbOrTx, projectId: string, kind: ModelKind) {
  return db.modelVersion.findFirst({ where: { projectId, kind, active: true } });
}

/** The kind's trained versions in the project. */
export function findReadyModelVersionsOfKind(db: DbOrTx, projectId: string, kind: ModelKind) {
  return db.modelVersion.findMany({ where: { projectId, kind, state: 'READY' } });
}

export function insertModelVersion(db: DbOrTx, data: NewModelVersion) {
  return db.modelVersion.create({ data });
}

export function setModelVersionActive(db: DbOrTx, id: string, active: boolean) {
  return db.modelVersion.update({ where: { id }, data: { active } });
}

/** The versions a training job registered since `since` that have not failed. */
export function findJobModelVersionsSince(db: DbOrTx, trainingJobId: string, since: Date) {
  return db.modelVersion.findMany({
    where: { trainingJobId, createdAt: { gte: since }, state: { not: 'FAILED' } },
  });
}

/** Marks the versions FAILED with `error`, none of them active. */
export async function failModelVersions(db: DbOrTx, ids: string[], error: string): Promise<void> {
  await db.modelVersion.updateMany({
    where: { id: { in: ids } },
    data: { state: 'FAILED', active: false, error },
  });
}

/** Every other version of the kind in the project stops being active and pinned. */
export async function clearOtherModelVersionsOfKind(
  db: DbOrTx,
  args: { projectId: string; kind: ModelKind; exceptId: string },
): Promise<void> {
  await db.modelVersion.updateMany({
    where: { projectId: args.projectId, kind: args.kind, id: { not: args.exceptId } },
    data: { active: false, pinned: false },
  });
}

const pinSelect = { id: true, kind: true, version: true, active: true, pinned: true } as const;

/** Pins the version and makes it active. */
export function pinModelVersion(db: DbOrTx, id: string) {
  return db.modelVersion.update({ where: { id }, data: { pinned: true, active: true }, select: pinSelect });
}

export function unpinModelVersion(db: DbOrTx, id: string) {
  return db.modelVersion.update({ where: { id }, data: { pinned: false }, select: pinSelect });
}

// Predictions and scores.

/** Inserts predictions in chunks, skipping (version, scan) pairs already stored. Returns how many were added. */
export function insertPredictions(db: DbOrTx, rows: readonly NewPredictionRow[]): Promise<number> {
  return insertUnnest(db, 'Prediction', predictionColumns, rows, { id: true, onConflictDoNothing: true });
}

const predictionColumns: BulkColumn<NewPredictionRow>[] = [
  { name: 'modelVersionId', type: 'text', value: (r) => r.modelVersionId },
  { name: 'scanId', type: 'text', value: (r) => r.scanId },
  { name: 'probabilities', type: 'float8[]', value: (r) => r.probabilities },
  { name: 'mcSamples', type: 'jsonb', value: (r) => r.mcSamples ?? null },
  { name: 'embeddingRef', type: 'text', value: (r) => r.embeddingRef ?? null },
];

/** Inserts scores, skipping those already stored. Returns how many were added. */
export function insertScores(db: DbOrTx, rows: readonly NewScoreRow[]): Promise<number> {
  return insertUnnest(db, 'Score', scoreColumns, rows, { id: true, onConflictDoNothing: true });
}

const scoreColumns: BulkColumn<NewScoreRow>[] = [
  { name: 'projectId', type: 'text', value: (r) => r.projectId },
  { name: 'scanId', type: 'text', value: (r) => r.scanId },
  { name: 'measure', type: 'text', value: (r) => r.measure },
  { name: 'value', type: 'float8', value: (r) => r.value },
  { name: 'modelVersionIds', type: 'text[]', value: (r) => r.modelVersionIds },
  { name: 'versionKey', type: 'text', value: (r) => r.versionKey },
];

/** The scans of a set that a version has a prediction for. */
export function findPredictedScanIds(db: DbOrTx, modelVersionId: string, scanIds: string[]) {
  return db.prediction.findMany({
    where: { modelVersionId, scanId: { in: scanIds } },
    select: { scanId: true },
  });
}

/** The predictions of some versions on some scans, with what the strategies read. */
export function findPredictionsOf(
  db: DbOrTx,
  args: { modelVersionIds: string[]; scanIds: string[]; mcSamples?: boolean },
) {
  return db.prediction.findMany({
    where: { modelVersionId: { in: args.modelVersionIds }, scanId: { in: args.scanIds } },
    select: {
      scanId: true,
      modelVersionId: true,
      probabilities: true,
      mcSamples: args.mcSamples ?? true,
      embeddingRef: true,
    },
  });
}

/** The stored scores of one measure for some scans under some version keys. */
export function findScoresOf(db: DbOrTx, args: { measure: string; versionKeys: string[]; scanIds: string[] }) {
  return db.score.findMany({
    where: {
      measure: args.measure,
      versionKey: { in: args.versionKeys },
      scanId: { in: args.scanIds },
    },
    select: { scanId: true, versionKey: true, value: true },
  });
}

// Evaluated scans.

/** Inserts evaluated scans in chunks, skipping those already stored. */
export async function insertEvaluatedScans(db: DbOrTx, rows: readonly NewEvaluatedScanRow[]): Promise<void> {
  await createInChunks(rows, (data) => db.evaluatedScan.createMany({ data, skipDuplicates: true }));
}

/** The project's scans with these content hashes (a model's examples are keyed by them). */
export function findScansByContentHash(db: DbOrTx, projectId: string, contentHashes: string[]) {
  return db.scan.findMany({
    where: { projectId, contentHash: { in: contentHashes } },
    select: { id: true, contentHash: true },
  });
}
