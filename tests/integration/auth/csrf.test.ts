import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '@/lib/auth/roles';
import { loadConfig } from '@/server/config';
import { createLogger } from '@/server/logger';
import { setServices } from '@/server/services';
import { makeUser } from '../../helpers/fixtures';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';

// The route wrapper reads the signed-in user from next-auth; here the test decides who it is.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/server/auth/session', () => ({ currentUser: async () => session.user }));

const { POST: postUser } = await import('@/app/api/users/route');
const { POST: postImport } = await import('@/app/api/projects/[slug]/imports/route');

const APP = 'http://127.0.0.1:3000';

function createUserRequest(headers: Record<string, string>, body: unknown) {
  return postUser(
    new Request(`${APP}/api/users`, {
      method: 'POST',
      headers: { host: '127.0.0.1:3000', ...headers },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );
}

describe('cross-site request forgery', () => {
  let t: TestDatabase;
  let admin: SessionUser;
  beforeAll(async () => {
    t = await createTestDatabase();
    setServices({
      config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.url }),
      db: t.db,
      log: createLogger('silent'),
    });
    const a = await makeUser(t.db, 'ADMIN');
    admin = { id: a.id, email: a.email, name: a.name, role: a.role };
  });
  afterAll(() => t?.drop());

  const victim = (email: string) => ({ email, name: 'Mallory', role: 'ADMIN', password: 'attacker-chosen-pw' });

  it('refuses a page on another port posting text/plain while an admin is signed in', async () => {
    session.user = admin;
    // What a <form enctype="text/plain"> or fetch(no-cors) on http://127.0.0.1:8080 sends.
    const res = await createUserRequest(
      { origin: 'http://127.0.0.1:8080', 'sec-fetch-site': 'same-site', 'content-type': 'text/plain' },
      victim('mallory1@evil.test'),
    );
    expect(res.status).toBe(403);
    expect(await t.db.user.findUnique({ where: { email: 'mallory1@evil.test' } })).toBeNull();
  });

  it('refuses text/plain even from the app’s own origin (a simple request skips the preflight)', async () => {
    session.user = admin;
    const res = await createUserRequest(
      { origin: APP, 'content-type': 'text/plain;charset=UTF-8' },
      victim('mallory2@evil.test'),
    );
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/application\/json/);
    expect(await t.db.user.findUnique({ where: { email: 'mallory2@evil.test' } })).toBeNull();
  });

  it('refuses JSON from another origin and a cross-site request without Origin', async () => {
    session.user = admin;
    const fromOther = await createUserRequest(
      { origin: 'https://evil.example', 'content-type': 'application/json' },
      victim('mallory3@evil.test'),
    );
    expect(fromOther.status).toBe(403);
    const noOrigin = await createUserRequest(
      { 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
      victim('mallory4@evil.test'),
    );
    expect(noOrigin.status).toBe(403);
    expect(await t.db.user.count({ where: { email: { endsWith: '@evil.test' } } })).toBe(0);
  });

  it('accepts the app’s own page and a program sending JSON', async () => {
    session.user = admin;
    const own = await createUserRequest(
      { origin: APP, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json; charset=utf-8' },
      { email: 'new1@test.local', name: 'New', role: 'ANNOTATOR', password: 'a-long-password' },
    );
    expect(own.status).toBe(200);
    const program = await createUserRequest(
      { 'content-type': 'application/json' },
      { email: 'new2@test.local', name: 'New', role: 'ANNOTATOR', password: 'a-long-password' },
    );
    expect(program.status).toBe(200);
  });

  it('checks the Origin of the multipart upload route before reading the body', async () => {
    session.user = admin;
    const form = new FormData();
    form.append('files', new File([new Uint8Array(8)], 'x.png'));
    const res = await postImport(
      new Request(`${APP}/api/projects/any/imports`, {
        method: 'POST',
        headers: { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:8080' },
        body: form,
      }),
      { params: Promise.resolve({ slug: 'any' }) },
    );
    expect(res.status).toBe(403);
  });
});
