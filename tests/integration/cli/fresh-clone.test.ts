/**
 * A fresh clone's first `npx neuroloop <command>`: the Prisma client is generated code that no
 * checkout carries, so install (postinstall) or the CLI itself must make it before a command that
 * uses the database loads it. The clone gets every file git would commit and the checkout's
 * node_modules as a symlink (fine for the CLI; Next's Turbopack would refuse it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';

const root = path.resolve(__dirname, '../../..');
const clones: string[] = [];

function freshClone(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nl-clone-'));
  clones.push(dir);
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((f) => f && existsSync(path.join(root, f)));
  for (const f of files) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    copyFileSync(path.join(root, f), path.join(dir, f));
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

function neuroloop(dir: string, args: string[], url: string, input?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' };
  delete env.NODE_OPTIONS; // vitest's loader hooks are not the CLI's
  return spawnSync(process.execPath, [path.join(dir, 'bin/neuroloop.mjs'), ...args], {
    cwd: dir,
    env,
    encoding: 'utf8',
    timeout: 150_000,
    ...(input === undefined ? {} : { input }),
  });
}

describe('a fresh clone', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
    for (const d of clones) rmSync(d, { recursive: true, force: true });
  });

  it('generates the Prisma client at install (postinstall), offline', () => {
    const dir = freshClone();
    expect(existsSync(path.join(dir, 'generated'))).toBe(false);
    const postinstall = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).scripts.postinstall as string;
    expect(postinstall).toBeTruthy();
    const r = spawnSync('sh', ['-c', postinstall], { cwd: dir, encoding: 'utf8', timeout: 150_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(existsSync(path.join(dir, 'generated/prisma/client.ts'))).toBe(true);
    const users = neuroloop(dir, ['user', 'list', '--json'], t.url);
    expect(users.stderr).toBe('');
    expect(users.status).toBe(0);
    expect(JSON.parse(users.stdout)).toEqual([]);
  }, 300_000);

  it('runs a database command even when install scripts were skipped: the CLI generates the client first', () => {
    const dir = freshClone();
    const add = neuroloop(
      dir,
      ['user', 'add', '--email', 'ana@example.org', '--role', 'LEAD', '--password-stdin', '--json'],
      t.url,
      'a long enough passphrase\n',
    );
    expect(add.stderr).toBe('');
    expect(add.status).toBe(0);
    expect(JSON.parse(add.stdout)).toMatchObject({ email: 'ana@example.org', role: 'LEAD' });
    expect(existsSync(path.join(dir, 'generated/prisma/client.ts'))).toBe(true);
    const projects = neuroloop(dir, ['project', 'list', '--json'], t.url);
    expect(projects.status).toBe(0);
    expect(JSON.parse(projects.stdout)).toEqual([]);
  }, 300_000);
});
