import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBoss } from '@/server/jobs/boss';
import { queuePacsSync, startPacsSyncWorkers } from '@/server/jobs/pacs-sync-queue';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';
import { createLogger } from '@/server/logger';
import type { PacsContext } from '@/server/pacs/pacs-context';
import { addPacsSource } from '@/server/use-cases/add-pacs-source';
import { listDuePacsSyncs } from '@/server/use-cases/list-due-pacs-syncs';
import { syncPacsSource } from '@/server/use-cases/sync-pacs-source';
import { makeProject, makeUser } from '../../helpers/fixtures';
import { orthancMissingReason, startTestOrthanc, type TestOrthanc } from '../../helpers/orthanc';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';

const missing = orthancMissingReason();
if (missing) process.stdout.write(`SKIP PACS sync job tests: ${missing}\n`);

describe.skipIf(missing)('PACS sync as a job in the PostgreSQL queue', () => {
  let t: TestDatabase;
  let orthanc: TestOrthanc;
  let boss: PgBoss;
  let stop: () => Promise<void>;
  let dir: string;
  const log = createLogger('silent', 'pacs-test');
  const ctx: PacsContext = {
    key: Buffer.alloc(32, 5),
    policy: { allowed: ['127.0.0.1'] },
    idleTimeoutMs: 10_000,
    attempts: 2,
    backoffMs: 20,
    downloadConcurrency: 2,
    log,
  };
  beforeAll(async () => {
    [t, orthanc] = await Promise.all([createTestDatabase(), startTestOrthanc()]);
    dir = mkdtempSync(path.join(os.tmpdir(), 'nl-pacs-job-'));
    boss = await startBoss(t.url, log);
    stop = await startPacsSyncWorkers({
      boss,
      db: t.db,
      ctx,
      storageDir: path.join(dir, 'storage'),
      maxPixels: 1 << 24,
      log,
    });
  });
  afterAll(async () => {
    await stop?.();
    await boss?.stop({ graceful: false, wait: true });
    await Promise.all([t?.drop(), orthanc?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a queued sync imports new series; a source is due again only after its interval; one sync runs at a time', async () => {
    const out = path.join(dir, 'ct');
    await writeSynthDataset({ kind: 'ct-hemorrhage', count: 3, outDir: out, seed: 41, difficulty: 0.5, size: 64 });
    const files = readdirSync(out)
      .filter((f) => f.endsWith('.dcm'))
      .map((f) => readFileSync(path.join(out, f)));
    expect(await orthanc.stow(files)).toBe(200);
    const lead = await makeUser(t.db, 'LEAD');
    const project = await makeProject(t.db, {}, lead.id);
    const source = await addPacsSource(t.db, ctx, {
      projectId: project.id,
      userId: lead.id,
      source: { name: 'orthanc', baseUrl: orthanc.dicomWebUrl, syncIntervalMinutes: 15 },
    });
    expect((await listDuePacsSyncs(t.db)).map((s) => s.id)).toContain(source.id);

    await queuePacsSync(boss, { projectId: project.id, sourceId: source.id });
    const deadline = Date.now() + 60_000;
    let row = await t.db.pacsSource.findUniqueOrThrow({ where: { id: source.id } });
    while ((row.syncStatus as { state?: string } | null)?.state !== 'succeeded' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      row = await t.db.pacsSource.findUniqueOrThrow({ where: { id: source.id } });
    }
    expect(row.syncStatus).toMatchObject({ state: 'succeeded', seriesImported: 1, imported: 3 });
    expect(await t.db.scan.count({ where: { projectId: project.id } })).toBe(3);
    expect((await listDuePacsSyncs(t.db)).map((s) => s.id)).not.toContain(source.id);
    expect((await listDuePacsSyncs(t.db, new Date(Date.now() + 16 * 60_000))).map((s) => s.id)).toContain(source.id);

    // Two servers asking at once: one syncs, the other is told a sync is running.
    const input = {
      projectId: project.id,
      userId: null,
      sourceId: source.id,
      storageDir: path.join(dir, 'storage'),
      maxPixels: 1 << 24,
    };
    // Both claims wait on a lock of the source's row until both are waiting, so one sync cannot
    // finish before the other asks (the claim is one conditional UPDATE).
    let both!: Promise<PromiseSettledResult<unknown>[]>;
    await t.db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "PacsSource" WHERE id = ${source.id} FOR UPDATE`;
        both = Promise.allSettled([syncPacsSource(t.db, ctx, input), syncPacsSource(t.db, ctx, input)]);
        const until = Date.now() + 20_000;
        for (;;) {
          const [{ n }] = await t.db.$queryRaw<{ n: number }[]>`
            SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%UPDATE "PacsSource"%'`;
          if (n >= 2) break;
          if (Date.now() > until) throw new Error(`only ${n} of the two claims reached the lock`);
          await new Promise((r) => setTimeout(r, 10));
        }
      },
      { timeout: 30_000 },
    );
    const results = await both;
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(String(refused.reason)).toMatch(/is running already/);
    expect(await t.db.scan.count({ where: { projectId: project.id } })).toBe(3);
  });
});
