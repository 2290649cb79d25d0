import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';
import { appendAnnotations, withPg } from '../../helpers/agreement-fixtures';
import { makeProject, makeUser } from '../../helpers/fixtures';
import { orthancMissingReason, startTestOrthanc, type TestOrthanc } from '../../helpers/orthanc';
import { runCli } from '../../helpers/run-cli';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';

const missing = orthancMissingReason();
if (missing) process.stdout.write(`SKIP PACS CLI tests: ${missing}\n`);

describe.skipIf(missing)('neuroloop pacs add|list|query|import|sync|send', () => {
  let t: TestDatabase;
  let orthanc: TestOrthanc;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    [t, orthanc] = await Promise.all([
      createTestDatabase(),
      startTestOrthanc({ user: { name: 'nl', password: 's3cret-pw' } }),
    ]);
    dir = mkdtempSync(path.join(os.tmpdir(), 'nl-pacs-cli-'));
    env = {
      DATABASE_URL: t.url,
      LOG_LEVEL: 'silent',
      DATA_DIR: path.join(dir, 'data'),
      PACS_ALLOWED_HOSTS: '127.0.0.1',
      PACS_SECRET: 's3cret-pw',
    };
  });
  afterAll(async () => {
    await Promise.all([t?.drop(), orthanc?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('adds a source with its secret from the environment, queries, imports, syncs and sends a report back', async () => {
    const out = path.join(dir, 'ct');
    await writeSynthDataset({ kind: 'ct-hemorrhage', count: 2, outDir: out, seed: 51, difficulty: 0.5, size: 64 });
    const files = readdirSync(out)
      .filter((f) => f.endsWith('.dcm'))
      .map((f) => readFileSync(path.join(out, f)));
    expect(await orthanc.stow(files)).toBe(200);
    const project = await makeProject(t.db, {}, (await makeUser(t.db, 'LEAD')).id);
    const p = ['--project', project.slug];

    const refused = await runCli(['pacs', 'add', ...p, '--name', 'x', '--url', 'ftp://host/'], env);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/http or https/);

    const added = await runCli(
      [
        'pacs',
        'add',
        ...p,
        '--name',
        'orthanc',
        '--url',
        orthanc.dicomWebUrl,
        '--auth',
        'basic',
        '--username',
        'nl',
        '--secret-env',
        'PACS_SECRET',
        '--modality',
        'ct',
      ],
      env,
    );
    expect(added.err).toBe('');
    expect(added.out).toContain('Added PACS source "orthanc"');
    const listed = await runCli(['pacs', 'list', ...p, '--json'], env);
    expect(listed.out).not.toContain('s3cret-pw');
    expect(JSON.parse(listed.out)[0]).toMatchObject({ name: 'orthanc', hasSecret: true, filter: { modality: 'CT' } });

    const queried = JSON.parse((await runCli(['pacs', 'query', ...p, '--source', 'orthanc', '--json'], env)).out);
    expect(queried.series).toHaveLength(1);
    const imported = await runCli(['pacs', 'import', ...p, '--source', 'orthanc', '--json'], env);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.out)).toEqual([expect.objectContaining({ state: 'imported', imported: 2 })]);
    const synced = await runCli(['pacs', 'sync', ...p, '--source', 'orthanc'], env);
    expect(synced.out).toContain('Sync: 1 series match, 0 imported now');

    // A scan without reads has nothing to report: a clear refusal, nothing sent.
    const [scan, other] = await t.db.scan.findMany({ where: { projectId: project.id }, orderBy: { id: 'asc' } });
    const unread = await runCli(['pacs', 'send', ...p, '--scan', other.id, '--source', 'orthanc'], env);
    expect(unread.code).not.toBe(0);
    expect(unread.err).toMatch(/no reads yet/);

    // Two agreeing reads give the scan a consensus label; `pacs send` stores it as an SR.
    const readers = [await makeUser(t.db), await makeUser(t.db)];
    await withPg(t.url, (c) =>
      appendAnnotations(
        c,
        project.id,
        readers.map((r) => ({ scanId: scan.id, authorId: r.id, labels: ['glioma'] })),
      ),
    );
    const sent = await runCli(['pacs', 'send', ...p, '--scan', scan.id, '--source', 'orthanc', '--json'], env);
    expect(sent.err).toBe('');
    expect(sent.code).toBe(0);
    const report = JSON.parse(sent.out) as { label: string; sopInstanceUid: string; studyInstanceUid: string };
    expect(report).toMatchObject({ label: 'glioma', source: 'orthanc' });
    const qido = await fetch(
      `${orthanc.dicomWebUrl}/studies/${report.studyInstanceUid}/instances?SOPInstanceUID=${report.sopInstanceUid}`,
      { headers: { authorization: `Basic ${Buffer.from('nl:s3cret-pw').toString('base64')}` } },
    );
    const found = (await qido.json()) as Record<string, { Value?: string[] }>[];
    expect(found).toHaveLength(1);
    expect(found[0]['00080060']?.Value?.[0]).toBe('SR');
  });
});
