import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '@/lib/auth/roles';
import { loadConfig } from '@/server/config';
import { createLogger } from '@/server/logger';
import { setServices } from '@/server/services';
import { addMember, makeProject, makeUser } from '../../helpers/fixtures';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';

// The route wrapper reads the signed-in user from next-auth; here the test decides who it is.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/server/auth/session', () => ({ currentUser: async () => session.user }));

const { GET, POST } = await import('@/app/api/projects/[slug]/pacs/sources/route');

type User = Awaited<ReturnType<typeof makeUser>>;

function call(handler: typeof GET, slug: string, as: User, body?: unknown) {
  session.user = { id: as.id, email: as.email, name: as.name, role: as.role };
  return handler(
    new Request(`http://test.local/api/projects/${slug}/pacs/sources`, {
      method: body ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    }),
    { params: Promise.resolve({ slug }) },
  );
}

describe('/api/projects/[slug]/pacs/sources: leads only, secrets never returned', () => {
  let t: TestDatabase;
  let dir: string;
  let slug: string;
  let lead: User;
  let annotator: User;
  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(path.join(os.tmpdir(), 'nl-pacs-route-'));
    setServices({
      config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.url, DATA_DIR: dir }),
      db: t.db,
      log: createLogger('silent'),
    });
    lead = await makeUser(t.db, 'LEAD');
    annotator = await makeUser(t.db, 'ANNOTATOR');
    const project = await makeProject(t.db, {}, lead.id);
    await addMember(t.db, project.id, lead.email, 'LEAD');
    await addMember(t.db, project.id, annotator.email, 'ANNOTATOR');
    slug = project.slug;
  });
  afterAll(async () => {
    await t?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const source = {
    name: 'hospital',
    baseUrl: 'https://pacs.example.org/dicom-web/',
    auth: { kind: 'bearer', token: 'tok-very-secret' },
    filter: { modality: 'ct', dateFrom: '2024-01-01' },
  };

  it('refuses annotators, both to read and to add', async () => {
    expect((await call(GET, slug, annotator)).status).toBe(403);
    expect((await call(POST, slug, annotator, source)).status).toBe(403);
  });

  it('a lead adds a source; the token is stored sealed and never comes back', async () => {
    const res = await call(POST, slug, lead, source);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('tok-very-secret');
    expect(JSON.parse(text).data).toMatchObject({
      name: 'hospital',
      baseUrl: 'https://pacs.example.org/dicom-web',
      auth: 'bearer',
      hasSecret: true,
      filter: { modality: 'CT', dateFrom: '2024-01-01' },
    });
    const listed = await (await call(GET, slug, lead)).text();
    expect(listed).not.toContain('tok-very-secret');
    const row = await t.db.pacsSource.findFirstOrThrow({ where: { name: 'hospital' } });
    expect(row.secretCiphertext).toMatch(/^v1\./);
    expect(row.secretCiphertext).not.toContain('tok-very-secret');
  });

  it('bad input gets a clear error and stores nothing', async () => {
    const bad = await call(POST, slug, lead, { ...source, name: 'x', baseUrl: 'https://u:p@pacs.example.org/' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/no user name or password/);
    const dates = await call(POST, slug, lead, {
      ...source,
      name: 'y',
      filter: { dateFrom: '2024-02-01', dateTo: '2024-01-01' },
    });
    expect(dates.status).toBe(400);
    expect(await t.db.pacsSource.count()).toBe(1);
    const twice = await call(POST, slug, lead, source);
    expect(twice.status).toBe(409);
  });
});
