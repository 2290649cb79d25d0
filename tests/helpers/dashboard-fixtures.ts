import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { softmax } from '@/lib/metrics/calibration';
import { buildClassificationReport, type ClassificationReport } from '@/lib/metrics/report';
import type { ModelVersionMetrics } from '@/lib/registry/model-metrics';
import { Prisma } from '@/generated/prisma/client';
import type { Db } from '@/server/db/client';

/**
 * A project history for the dashboards and exports, built from fixed tables so that every
 * number is known: 40 scans (TEST 12..23, VALIDATION 24..29, TRAIN 0..11 and 30..33,
 * POOL 34..39), reads by three readers with corrections, a retraction and an accepted
 * prediction, one adjudication, model versions of every kind and state with metrics made
 * by buildClassificationReport from the same predictions the store holds, training jobs
 * (succeeded, failed, running) and queue items. Patient identifiers are planted in every
 * scan's dicomMeta: no export may carry them.
 */
export const LABELS = ['normal', 'hemorrhage'] as const;
export const SCAN_COUNT = 40;
export const TEST_SCANS = range(12, 24);
export const VALIDATION_SCANS = range(24, 30);
export const PLANTED = { PatientName: 'DOE^JANE', PatientID: 'MRN-0042-SECRET', PatientBirthDate: '19700101' };
const TEMPERATURE = 1.25;

export interface DashboardFixtureInput {
  projectId: string;
  /** Readers A, B and C: A is always right, B errs on scans 5 and 9, C reads every fourth scan. */
  readers: [string, string, string];
  adjudicatorId: string;
  /** Where to write CNN v2's tfjs artifact (an absolute directory); no artifact when omitted. */
  artifactDir?: string;
  now?: Date;
}

export interface DashboardFixture {
  scans: { id: string; index: number; originalName: string; split: string; truth: string }[];
  versions: { cnn1: string; cnn2: string; cnn3: string; resnet1: string; resnet50: string };
  jobs: { first: string; second: string; failed: string; running: string };
  /** What the dashboards must derive from this history. */
  expected: {
    progress: { labelled: number; 'awaiting-second-read': number; 'needs-adjudication': number; unlabelled: number };
    suspectedErrors: number;
    /** CNN v2 (active) test confusion cells: originalNames per `${true}->${pred}`. */
    cnn2Cells: Record<string, string[]>;
    /** Reader B's reads a clinician adjudicated otherwise. */
    overruledForB: string[];
  };
}

export const truthOf = (i: number) => (i % 3 === 0 ? 'hemorrhage' : 'normal');
const other = (label: string) => (label === 'normal' ? 'hemorrhage' : 'normal');
export const scanName = (i: number) => `fixture-${String(i).padStart(3, '0')}.dcm`;

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, k) => from + k);
}

function splitOf(i: number): 'TEST' | 'VALIDATION' | 'TRAIN' | 'POOL' {
  if (TEST_SCANS.includes(i)) return 'TEST';
  if (VALIDATION_SCANS.includes(i)) return 'VALIDATION';
  return i < 34 ? 'TRAIN' : 'POOL';
}

/** Logits that call `truth` with a margin growing with the index, or the other label on `wrong`. */
function logitsFor(indices: number[], wrong: number[], scale: number): number[][] {
  return indices.map((i) => {
    const called = wrong.includes(i) ? other(truthOf(i)) : truthOf(i);
    const margin = scale * (0.6 + (i % 4) * 0.45);
    return called === 'normal' ? [margin, -margin / 2] : [-margin / 2, margin];
  });
}

function report(indices: number[], wrong: number[], scale: number): ClassificationReport {
  return buildClassificationReport({
    labels: LABELS,
    yTrue: indices.map((i) => LABELS.indexOf(truthOf(i) as (typeof LABELS)[number])),
    logits: logitsFor(indices, wrong, scale),
    temperature: TEMPERATURE,
    normalLabels: ['normal'],
  });
}

function metrics(testWrong: number[], validationWrong: number[], scale: number): ModelVersionMetrics {
  return {
    validation: report(VALIDATION_SCANS, validationWrong, scale),
    test: report(TEST_SCANS, testWrong, scale),
    history: [1, 2, 3].map((epoch) => ({
      phase: 'train' as const,
      epoch,
      loss: 0.9 / epoch,
      valLoss: 1 / epoch,
      valAccuracy: 0.5 + epoch * 0.1,
      seconds: 20,
      imagesPerSecond: 95.5 * scale,
      numTensors: 120,
    })),
    trainImagesPerSecond: 95.5 * scale,
    inferImagesPerSecond: 310.25 * scale,
  };
}

const json = (v: unknown) => v as Prisma.InputJsonValue;

export async function seedDashboardFixtures(db: Db, input: DashboardFixtureInput): Promise<DashboardFixture> {
  const now = input.now ?? new Date();
  const run = randomUUID().slice(0, 8);
  const { projectId } = input;
  const [A, B, C] = input.readers;

  const scans = range(0, SCAN_COUNT).map((i) => ({
    id: `fx-${run}-scan-${i}`,
    index: i,
    originalName: scanName(i),
    split: splitOf(i),
    truth: truthOf(i),
  }));
  await db.scan.createMany({
    data: scans.map((s) => ({
      id: s.id,
      projectId,
      contentHash: `fixture-${run}-${s.index}`,
      fileHash: `fixture-file-${run}-${s.index}`,
      originalPath: `/nonexistent/${s.originalName}`,
      originalName: s.originalName,
      previewPath: `/nonexistent/${s.index}.preview`,
      thumbnailPath: `/nonexistent/${s.index}.png`,
      modality: 'CT',
      width: 64,
      height: 64,
      split: s.split,
      dicomMeta: json({ Modality: 'CT', ...PLANTED, StudyDescription: `HEAD ${PLANTED.PatientName}` }),
    })),
  });
  const scanId = (i: number) => scans[i].id;

  // Model versions and their predictions first: an accepted prediction refers to one.
  const jobs = await seedTrainingJobs(db, projectId, now, run);
  const versions = await seedModelVersions(db, projectId, jobs, input.artifactDir, run, now);
  const predictionIds = await seedPredictions(db, versions, scans);

  // Annotation rows in commit order, two hours apart, ending an hour ago.
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { lastSequence: true } });
  let seq = Number(project.lastSequence);
  type Row = Prisma.AnnotationCreateManyInput;
  const rows: Row[] = [];
  const add = (r: Omit<Row, 'id' | 'projectId' | 'seq' | 'idempotencyKey' | 'createdAt'>): string => {
    seq += 1;
    const id = `fx-${run}-a-${seq}`;
    rows.push({ ...r, id, projectId, seq: BigInt(seq), idempotencyKey: `fixture-${run}-${seq}` });
    return id;
  };
  const label = (authorId: string, i: number, value: string, extra: Partial<Row> = {}) =>
    add({ scanId: scanId(i), authorId, source: 'HUMAN', action: 'LABEL', value: { labels: [value] }, ...extra });

  for (let i = 0; i < 30; i++) {
    if (i === 1) {
      const first = label(A, i, other(truthOf(i)));
      add({
        scanId: scanId(i),
        authorId: A,
        source: 'HUMAN',
        action: 'CORRECT',
        value: { labels: [truthOf(i)] },
        supersedesId: first,
      });
    } else if (i === 3) {
      add({
        scanId: scanId(i),
        authorId: A,
        source: 'PREDICTION_ACCEPTED',
        action: 'ACCEPT_PREDICTION',
        value: { labels: [truthOf(i)] },
        predictionId: predictionIds.acceptedOnScan3,
      });
    } else {
      label(A, i, truthOf(i));
    }
    if (i === 2) {
      const first = label(B, i, other(truthOf(i)));
      const undo = add({
        scanId: scanId(i),
        authorId: B,
        source: 'HUMAN',
        action: 'UNDO',
        value: Prisma.DbNull,
        supersedesId: first,
      });
      label(B, i, truthOf(i), { supersedesId: undo });
    } else {
      label(B, i, i === 5 || i === 9 ? other(truthOf(i)) : truthOf(i));
    }
    if (i % 4 === 0) label(C, i, truthOf(i));
  }
  for (let i = 30; i < 34; i++) label(A, i, truthOf(i));
  add({
    scanId: scanId(5),
    authorId: input.adjudicatorId,
    source: 'ADJUDICATION',
    action: 'ADJUDICATE',
    value: { labels: [truthOf(5)] },
  });

  const first = now.getTime() - 3_600_000 - (rows.length - 1) * 2 * 3_600_000;
  rows.forEach((r, k) => (r.createdAt = new Date(first + k * 2 * 3_600_000)));
  await db.annotation.createMany({ data: rows });
  await db.project.update({ where: { id: projectId }, data: { lastSequence: BigInt(seq) } });
  await seedQueue(db, projectId, scanId, run);

  return {
    scans,
    versions,
    jobs,
    expected: {
      progress: { labelled: 29, 'awaiting-second-read': 4, 'needs-adjudication': 1, unlabelled: 6 },
      suspectedErrors: 2,
      cnn2Cells: cellsOf(CNN2_TEST_WRONG),
      overruledForB: [scanName(5)],
    },
  };
}

const CNN1_TEST_WRONG = [13, 15, 16, 18];
const CNN2_TEST_WRONG = [14, 15];
const RESNET_TEST_WRONG = [17];

function cellsOf(wrong: number[]): Record<string, string[]> {
  const cells: Record<string, string[]> = {};
  for (const t of LABELS) for (const p of LABELS) cells[`${t}->${p}`] = [];
  for (const i of TEST_SCANS) {
    const called = wrong.includes(i) ? other(truthOf(i)) : truthOf(i);
    cells[`${truthOf(i)}->${called}`].push(scanName(i));
  }
  return cells;
}

async function seedTrainingJobs(db: Db, projectId: string, now: Date, run: string) {
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3_600_000);
  const job = async (id: string, data: Omit<Prisma.TrainingJobCreateManyInput, 'id' | 'projectId'>) => {
    await db.trainingJob.create({ data: { id: `fx-${run}-job-${id}`, projectId, ...data } });
    return `fx-${run}-job-${id}`;
  };
  return {
    first: await job('first', {
      state: 'SUCCEEDED',
      trigger: 'THRESHOLD',
      labelCount: 20,
      attempts: 1,
      queuedAt: at(150),
      startedAt: at(149.9),
      finishedAt: at(149),
    }),
    second: await job('second', {
      state: 'SUCCEEDED',
      trigger: 'MANUAL',
      labelCount: 30,
      attempts: 1,
      queuedAt: at(60),
      startedAt: at(59.9),
      finishedAt: at(58),
    }),
    failed: await job('failed', {
      state: 'FAILED',
      trigger: 'THRESHOLD',
      labelCount: 34,
      attempts: 3,
      error: 'CNN: out of memory',
      queuedAt: at(20),
      startedAt: at(19.9),
      finishedAt: at(19),
    }),
    running: await job('running', {
      state: 'RUNNING',
      trigger: 'THRESHOLD',
      labelCount: 35,
      attempts: 1,
      queuedAt: at(0.5),
      startedAt: at(0.4),
      heartbeatAt: now,
      progress: {
        kind: 'RESNET50',
        phase: 'fine-tune',
        epoch: 3,
        epochs: 10,
        batch: 5,
        batches: 10,
        loss: 0.4321,
        metrics: { valMacroF1: 0.71 },
      },
    }),
  };
}

async function seedModelVersions(
  db: Db,
  projectId: string,
  jobs: Awaited<ReturnType<typeof seedTrainingJobs>>,
  artifactDir: string | undefined,
  run: string,
  now: Date,
) {
  const snapshot = async (key: string, upToSeq: number, itemCount: number) => {
    const id = `fx-${run}-snap-${key}`;
    await db.labelSnapshot.create({
      data: {
        id,
        projectId,
        upToSeq: BigInt(upToSeq),
        rule: 'dawid-skene',
        itemCount,
        counts: { normal: itemCount - 7, hemorrhage: 7 },
      },
    });
    return id;
  };
  const base = Number(
    (await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { lastSequence: true } })).lastSequence,
  );
  const [snap1, snap2] = [await snapshot('1', base + 40, 20), await snapshot('2', base + 75, 30)];
  if (artifactDir) await writeArtifact(artifactDir);
  const hyper = (variant: string) => json({ variant, epochs: 30, batchSize: 32, learningRate: 0.001 });
  const version = async (key: string, data: Omit<Prisma.ModelVersionCreateManyInput, 'id' | 'projectId'>) => {
    const id = `fx-${run}-mv-${key}`;
    await db.modelVersion.create({ data: { id, projectId, finishedAt: data.state === 'READY' ? now : null, ...data } });
    return id;
  };
  return {
    cnn1: await version('cnn1', {
      kind: 'CNN',
      version: 1,
      backend: 'wasm',
      hyperParams: hyper('fast'),
      labelCount: 20,
      labelSnapshotId: snap1,
      trainingTimeMs: 61_000,
      state: 'READY',
      trainingJobId: jobs.first,
      metrics: json(metrics(CNN1_TEST_WRONG, [24, 25], 0.8)),
    }),
    cnn2: await version('cnn2', {
      kind: 'CNN',
      version: 2,
      backend: 'wasm',
      hyperParams: hyper('fast'),
      labelCount: 30,
      labelSnapshotId: snap2,
      trainingTimeMs: 83_500,
      state: 'READY',
      active: true,
      trainingJobId: jobs.second,
      metrics: json(metrics(CNN2_TEST_WRONG, [25], 1.2)),
      artifactPath: artifactDir ?? null,
    }),
    cnn3: await version('cnn3', {
      kind: 'CNN',
      version: 3,
      backend: 'wasm',
      hyperParams: hyper('fast'),
      labelCount: 34,
      state: 'FAILED',
      error: 'out of memory',
      trainingJobId: jobs.failed,
    }),
    resnet1: await version('resnet1', {
      kind: 'RESNET',
      version: 1,
      backend: 'tensorflow',
      hyperParams: hyper('resnet10'),
      labelCount: 30,
      labelSnapshotId: snap2,
      trainingTimeMs: 245_000,
      state: 'READY',
      active: true,
      trainingJobId: jobs.second,
      metrics: json(metrics(RESNET_TEST_WRONG, [], 1.5)),
    }),
    resnet50: await version('resnet50', {
      kind: 'RESNET50',
      version: 1,
      backend: 'wasm',
      hyperParams: hyper('finetune'),
      labelCount: 35,
      state: 'TRAINING',
      trainingJobId: jobs.running,
    }),
  };
}

/** Predictions of the evaluated versions on the TEST scans: the tables their reports were built from. */
async function seedPredictions(
  db: Db,
  versions: Awaited<ReturnType<typeof seedModelVersions>>,
  scans: DashboardFixture['scans'],
) {
  const tables: [string, number[], number][] = [
    [versions.cnn1, CNN1_TEST_WRONG, 0.8],
    [versions.cnn2, CNN2_TEST_WRONG, 1.2],
    [versions.resnet1, RESNET_TEST_WRONG, 1.5],
  ];
  const data: Prisma.PredictionCreateManyInput[] = [];
  for (const [modelVersionId, wrong, scale] of tables) {
    logitsFor(TEST_SCANS, wrong, scale).forEach((z, k) => {
      data.push({
        id: `${modelVersionId}-p-${TEST_SCANS[k]}`,
        modelVersionId,
        scanId: scans[TEST_SCANS[k]].id,
        probabilities: softmax(z, TEMPERATURE),
      });
    });
  }
  const acceptedOnScan3 = `${versions.cnn2}-p-3`;
  data.push({
    id: acceptedOnScan3,
    modelVersionId: versions.cnn2,
    scanId: scans[3].id,
    probabilities: softmax(logitsFor([3], [], 1.2)[0], TEMPERATURE),
  });
  await db.prediction.createMany({ data });
  return { acceptedOnScan3 };
}

async function seedQueue(db: Db, projectId: string, scanId: (i: number) => string, run: string) {
  await db.queueItem.createMany({
    data: [
      {
        id: `fx-${run}-q-1`,
        projectId,
        scanId: scanId(7),
        queue: 'SUSPECTED_ERROR',
        rank: 1,
        strategy: 'suspected-errors',
        reason: 'model disagrees with consensus',
      },
      {
        id: `fx-${run}-q-2`,
        projectId,
        scanId: scanId(8),
        queue: 'SUSPECTED_ERROR',
        rank: 2,
        strategy: 'suspected-errors',
        reason: 'model disagrees with consensus',
      },
      {
        id: `fx-${run}-q-3`,
        projectId,
        scanId: scanId(9),
        queue: 'ADJUDICATION',
        rank: 1,
        strategy: 'consensus',
        reason: 'readers disagree',
      },
    ],
  });
}

/** A stand-in tfjs artifact: model.json, one weight shard, and a trainer card with a planted identifier. */
async function writeArtifact(dir: string) {
  await mkdir(path.join(dir, 'weights'), { recursive: true });
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'fixture',
    modelTopology: {},
    weightsManifest: [{ paths: ['weights/group1-shard1of1.bin'], weights: [] }],
  };
  await writeFile(path.join(dir, 'model.json'), JSON.stringify(modelJson));
  await writeFile(
    path.join(dir, 'weights/group1-shard1of1.bin'),
    Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256)),
  );
  const trainerCard = {
    format: 1,
    kind: 'cnn',
    labels: LABELS,
    normalLabels: ['normal'],
    preprocessing: { imageSize: 128, inputMode: 'ct-windows', channels: 3, normalisation: 'per-modality-v1' },
    temperature: TEMPERATURE,
    tfjsVersion: '4.22.0',
    ...PLANTED,
  };
  await writeFile(path.join(dir, 'card.json'), JSON.stringify(trainerCard));
}
