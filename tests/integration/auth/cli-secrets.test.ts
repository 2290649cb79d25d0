import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDemoCredentials } from '@/server/demo-credentials';
import { restrictFileModes } from '@/server/file-modes';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';
import { authenticateUser } from '@/server/use-cases/authenticate-user';
import { importScans } from '@/server/use-cases/import-scans';
import { makeProject, makeUser } from '../../helpers/fixtures';
import { runCli } from '../../helpers/run-cli';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';

const throttle = { maxFailures: 5, windowSeconds: 60, maxFailuresPerAddress: 0 };

describe('secrets stay out of argv, logs and other users’ reach', () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(path.join(os.tmpdir(), 'nl-secrets-'));
  });
  afterAll(async () => {
    await t.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('`user add --password P` is refused: a command line is readable by every local user', async () => {
    const res = await runCli(['user', 'add', '--email', 'argv@test.local', '--password', 'visible-in-ps-1'], {
      DATABASE_URL: t.url,
    });
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/--password-stdin/);
    expect(await t.db.user.findUnique({ where: { email: 'argv@test.local' } })).toBeNull();
  });

  it('`user add --password-stdin` reads the first line of standard input and prints no secret', async () => {
    const res = await runCli(
      ['user', 'add', '--email', 'stdin@test.local', '--password-stdin'],
      { DATABASE_URL: t.url },
      'from-standard-input-1\nignored second line\n',
    );
    expect(res.code).toBe(0);
    expect(res.out + res.err).not.toContain('from-standard-input-1');
    await expect(
      authenticateUser(t.db, { email: 'stdin@test.local', password: 'from-standard-input-1' }, throttle),
    ).resolves.toMatchObject({ email: 'stdin@test.local' });
  });

  it('`user add` without a terminal or --password-stdin says how, and creates nothing', async () => {
    const res = await runCli(['user', 'add', '--email', 'nopw@test.local'], { DATABASE_URL: t.url });
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/standard input with --password-stdin/);
    expect(await t.db.user.findUnique({ where: { email: 'nopw@test.local' } })).toBeNull();
  });

  it('the demo password is shown on a terminal and left out of anything else', () => {
    const creds = { password: 'demo-pw-123', users: [{ email: 'a@b.c', role: 'LEAD' }], projectSlug: 'demo' };
    expect(formatDemoCredentials(creds, { showPassword: true, dataDir: '/srv/nl' })).toContain('demo-pw-123');
    const logged = formatDemoCredentials(creds, { showPassword: false, dataDir: '/srv/nl' });
    expect(logged).not.toContain('demo-pw-123');
    expect(logged).toContain('/srv/nl/demo-credentials.json');
  });

  it('stored originals, previews and thumbnails are 0600 in 0700 folders, under a closed storage folder', async () => {
    const storageDir = path.join(dir, 'data', 'storage');
    await writeSynthDataset({
      kind: 'mri-tumor',
      count: 4,
      outDir: path.join(dir, 'in'),
      seed: 1,
      difficulty: 0.5,
      size: 32,
    });
    // As an older version left it: the process umask let files be world-readable.
    const saved = process.umask(0o022);
    try {
      const lead = await makeUser(t.db, 'LEAD');
      const project = await makeProject(
        t.db,
        { labels: ['glioma', 'meningioma', 'notumor', 'pituitary'], normalLabels: ['notumor'] },
        lead.id,
      );
      const summary = await importScans(t.db, {
        projectId: project.id,
        userId: lead.id,
        paths: [path.join(dir, 'in')],
        split: 'auto',
        storageDir,
        maxPixels: 1 << 20,
        workers: 0,
      });
      expect(summary.imported).toBe(4);
      const entries = readdirSync(storageDir, { recursive: true, encoding: 'utf8' }).map((e) =>
        path.join(storageDir, e),
      );
      expect(entries.length).toBeGreaterThan(8);
      for (const e of entries) {
        const st = statSync(e);
        expect({ e, mode: (st.mode & 0o777).toString(8) }).toEqual({ e, mode: st.isDirectory() ? '700' : '600' });
      }
      restrictFileModes({ dataDir: path.join(dir, 'data'), storageDir });
      expect((statSync(storageDir).mode & 0o777).toString(8)).toBe('700');
      expect((statSync(path.join(dir, 'data')).mode & 0o777).toString(8)).toBe('711');
      // A data folder whose parents do not exist yet: PostgreSQL's own user must reach it.
      const nested = path.join(dir, 'fresh', 'checkout', 'data');
      restrictFileModes({ dataDir: nested, storageDir: path.join(nested, 'storage') });
      for (const d of [path.join(dir, 'fresh'), path.join(dir, 'fresh', 'checkout'), nested])
        expect({ d, mode: (statSync(d).mode & 0o777).toString(8) }).toEqual({ d, mode: '711' });
    } finally {
      process.umask(saved);
    }
  });
});
