/**
 * The active-learning loop end to end: labels sent over the socket cross the retrain threshold, one
 * training job is queued, a real trainer process takes it from the queue, trains, scores
 * and re-ranks, and the connected client is told; "Next" then serves the new top scan.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLabelsCsv } from '@/lib/imaging/labels-csv';
import { PROTOCOL_VERSION, type ServerMessage } from '@/lib/realtime/protocol';
import { MUTUAL_INFORMATION_SCORE } from '@/lib/strategies/bald';
import type { AppServer } from '@/server/app-server';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';
import { jobBaselineSchema } from '@/lib/registry/job-baseline';
import { getModelQuality } from '@/server/use-cases/get-model-quality';
import { importScans } from '@/server/use-cases/import-scans';
import { maybeQueueTraining } from '@/server/use-cases/maybe-queue-training';
import { rankReviewQueue } from '@/server/use-cases/rank-review-queue';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { startTestServer } from '../../helpers/test-server';
import { addMember, makeProject, makeUser } from '../../helpers/fixtures';
import { asSessionUser } from '../../helpers/realtime-fixtures';
import { connectAs, Inbox, request } from '../../helpers/realtime-client';
import { startTrainerProcess, waitFor } from '../../helpers/trainer-process';

const THRESHOLD = 10;
const SCANS = 24;

type QueueUpdated = Extract<ServerMessage, { type: 'project.event' }> & {
  event: { type: 'queue.updated'; generation: number; top: string[] };
};
const isQueueUpdated = (m: ServerMessage): m is QueueUpdated =>
  m.type === 'project.event' && m.event.type === 'queue.updated';

describe('labels cross the threshold, a job runs, the queue changes and the client is told', () => {
  let t: TestDatabase;
  let server: AppServer;
  let work: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.url, {}, { jobs: true });
    work = mkdtempSync(path.join(os.tmpdir(), 'nl-loop-'));
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('runs the whole loop once', async () => {
    const storageDir = path.join(work, 'storage');
    const lead = await makeUser(t.db, 'LEAD');
    const project = await makeProject(
      t.db,
      {
        task: 'BINARY',
        labels: ['normal', 'hemorrhage'],
        normalLabels: ['normal'],
        modelKinds: ['CNN'],
        imageSize: 32,
        readsPerScan: 1,
        retrainThreshold: THRESHOLD,
        strategy: 'bald',
      },
      lead.id,
    );
    const reader = await makeUser(t.db, 'ANNOTATOR', 'reader');
    await addMember(t.db, project.id, reader.email, 'ANNOTATOR');

    // Small synthetic head CT slices, unlabelled: every label comes from the reader.
    const data = await writeSynthDataset({
      kind: 'ct-hemorrhage',
      count: SCANS,
      outDir: path.join(work, 'ct'),
      seed: 5,
      difficulty: 0.3,
      size: 64,
    });
    const rows = parseLabelsCsv(readFileSync(data.labelsCsv, 'utf8'));
    const imported = await importScans(t.db, {
      projectId: project.id,
      userId: null,
      paths: rows.map((r) => path.join(data.outDir, r.file)),
      split: 'pool',
      storageDir,
      maxPixels: 1 << 24,
    });
    expect(imported.imported, JSON.stringify(imported.outcomes.slice(0, 3))).toBe(SCANS);
    const truth = new Map(rows.map((r) => [path.basename(r.file), r.label]));
    const scans = await t.db.scan.findMany({ where: { projectId: project.id }, orderBy: { originalName: 'asc' } });
    expect(scans).toHaveLength(SCANS);
    // Half of each class among the labelled: a model needs two classes to learn from.
    const byClass = (label: string) => scans.filter((s) => truth.get(s.originalName) === label).slice(0, THRESHOLD / 2);
    const toLabel = [...byClass('normal'), ...byClass('hemorrhage')];
    expect(toLabel).toHaveLength(THRESHOLD);

    // The queue before any model: every scan unscored, in least-recently-served order.
    const before = await rankReviewQueue(t.db, storageDir, project);
    const queueBefore = await t.db.queueItem.findMany({
      where: { projectId: project.id, queue: 'REVIEW' },
      orderBy: { rank: 'asc' },
    });
    expect(queueBefore).toHaveLength(SCANS);
    expect(queueBefore.every((q) => q.score === 0 && q.reason.startsWith('ranked after scored scans'))).toBe(true);

    const socket = await connectAs(server.url, asSessionUser(reader));
    const inbox = new Inbox(socket);
    try {
      const joined = await request(socket, {
        type: 'join',
        v: PROTOCOL_VERSION,
        project: project.slug,
        lastSeq: null,
        summaries: false,
      });
      expect(joined.ok, JSON.stringify(joined)).toBe(true);
      const jobs = server.services.jobs!;
      for (const [i, scan] of toLabel.entries()) {
        if (i === THRESHOLD - 1) {
          // One label short: the server's own count says so, and nothing is queued.
          expect(await maybeQueueTraining({ db: t.db, ...jobs }, project.id)).toMatchObject({
            queued: false,
            usable: THRESHOLD - 1,
          });
          expect(await t.db.trainingJob.count({ where: { projectId: project.id } })).toBe(0);
        }
        const ack = await request(socket, {
          type: 'annotation.submit',
          idempotencyKey: `threshold-label-${i}`,
          scanId: scan.id,
          supersedesId: null,
          intent: { kind: 'label', labels: [truth.get(scan.originalName)!] },
        });
        expect(ack.ok, JSON.stringify(ack)).toBe(true);
      }

      // The crossing queues exactly one job, from the label path's own trigger.
      const job = await waitFor(
        'the threshold job',
        () => t.db.trainingJob.findFirst({ where: { projectId: project.id } }),
        15_000,
      );
      expect(job).toMatchObject({ trigger: 'THRESHOLD', labelCount: THRESHOLD });
      expect(job.queueJobId).toBeTruthy();

      // A real trainer process takes it from the queue (2 epochs at 32 px: seconds).
      const trainer = startTrainerProcess({
        DATABASE_URL: t.url,
        DATA_DIR: path.join(work, 'data'),
        STORAGE_DIR: storageDir,
        TRAIN_MAX_EPOCHS: '2',
      });
      try {
        const done = await waitFor(
          'the job to finish',
          async () => {
            const j = await t.db.trainingJob.findUniqueOrThrow({ where: { id: job.id } });
            return j.state === 'SUCCEEDED' || j.state === 'FAILED' ? j : null;
          },
          90_000,
          200,
        );
        expect(done.error ?? '', trainer.output()).toBe('');
        expect(done.state).toBe('SUCCEEDED');
        // After the ranking, the job measured its baseline on the same labels: no TEST scans, so
        // each labelled scan is predicted by an inner fit that did not see it.
        const baseline = jobBaselineSchema.parse(done.baseline);
        expect(baseline).toMatchObject({ split: 'validation', trainCount: THRESHOLD, imageSize: 224 });
        expect(baseline.report.count).toBe(THRESHOLD);
        expect(baseline.report.macroAuc).toBeGreaterThanOrEqual(0);
        const quality = await getModelQuality(t.db, { id: project.id, modelKinds: ['CNN'] });
        expect(quality.baseline).toMatchObject({
          kind: 'baseline',
          trainingJobId: job.id,
          macroF1: baseline.report.macroF1,
          labelCount: THRESHOLD,
          evaluatedCount: THRESHOLD,
        });
      } finally {
        trainer.kill('SIGKILL');
      }
      expect(await t.db.trainingJob.count({ where: { projectId: project.id } })).toBe(1);

      // The client was told, through NOTIFY and the app server's relay.
      const told = await inbox.waitFor(isQueueUpdated, 10_000);
      const queueAfter = await t.db.queueItem.findMany({
        where: { projectId: project.id, queue: 'REVIEW' },
        orderBy: { rank: 'asc' },
      });
      expect(told.event.generation).toBe(queueAfter[0].generation);
      expect(queueAfter[0].generation).toBeGreaterThan(before.generation);
      expect(told.event.top).toEqual(queueAfter.slice(0, 10).map((q) => q.scanId));

      // The labelled scans left the queue; the rest are ranked by the model's stored BALD scores.
      const labelled = new Set(toLabel.map((s) => s.id));
      expect(queueAfter).toHaveLength(SCANS - THRESHOLD);
      expect(queueAfter.some((q) => labelled.has(q.scanId))).toBe(false);
      const version = await t.db.modelVersion.findFirstOrThrow({ where: { projectId: project.id, active: true } });
      const stored = await t.db.score.findMany({
        where: { measure: MUTUAL_INFORMATION_SCORE, versionKey: version.id },
      });
      expect(stored).toHaveLength(SCANS); // every scan scored once: the unread to rank, the labelled for suspected errors
      const storedOf = new Map(stored.map((s) => [s.scanId, s.value]));
      expect(queueAfter.map((q) => q.score)).toEqual(queueAfter.map((q) => storedOf.get(q.scanId)));
      expect(queueAfter.every((q) => q.reason.startsWith('BALD '))).toBe(true);
      expect(queueAfter.some((q) => (q.score ?? 0) > 0)).toBe(true);
      const order = (q: { scanId: string }[]) => q.map((x) => x.scanId);
      expect(order(queueAfter)).not.toEqual(order(queueBefore.filter((q) => !labelled.has(q.scanId))));

      // The version records the held-out scans it was evaluated on: its confusion matrix's cells, scan by scan.
      const evaluated = await t.db.evaluatedScan.findMany({
        where: { modelVersionId: version.id, split: 'VALIDATION' },
      });
      const matrix = (version.metrics as { validation: { confusionMatrix: number[][] } }).validation.confusionMatrix;
      expect(evaluated.length).toBeGreaterThan(0);
      expect(evaluated.length).toBe(matrix.flat().reduce((a, b) => a + b, 0));
      expect(evaluated.every((e) => labelled.has(e.scanId))).toBe(true);

      // "Next" serves the top-ranked scan.
      const next = await request(socket, { type: 'claim.next' });
      if (!next.ok) throw new Error(next.error.message);
      expect(next.data?.scanId).toBe(queueAfter[0].scanId);
    } finally {
      socket.disconnect();
    }
  }, 150_000);
});
