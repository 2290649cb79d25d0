import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '@/lib/auth/roles';
import { loadConfig } from '@/server/config';
import { createLogger } from '@/server/logger';
import { setServices } from '@/server/services';
import { updateProjectSettings } from '@/server/use-cases/update-project-settings';
import { makeProject, makeUser } from '../../helpers/fixtures';
import { runCli } from '../../helpers/run-cli';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';

// The route wrapper reads the signed-in user from next-auth; here the test decides who it is.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/server/auth/session', () => ({ currentUser: async () => session.user }));

const { POST: postProject } = await import('@/app/api/projects/route');
const { PATCH: patchProject } = await import('@/app/api/projects/[slug]/route');

const jsonHeaders = { 'content-type': 'application/json' };

async function create(body: Record<string, unknown>) {
  const res = await postProject(
    new Request('http://test.local/api/projects', { method: 'POST', headers: jsonHeaders, body: JSON.stringify(body) }),
    { params: Promise.resolve({}) },
  );
  return { status: res.status, body: (await res.json()) as { ok: boolean; error?: { message: string } } };
}

async function patch(slug: string, body: Record<string, unknown>) {
  const res = await patchProject(
    new Request(`http://test.local/api/projects/${slug}`, {
      method: 'PATCH',
      headers: jsonHeaders,
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ slug }) },
  );
  return { status: res.status, body: (await res.json()) as { ok: boolean; error?: { message: string } } };
}

const base = (slug: string) => ({ slug, name: slug, labels: ['normal', 'bleed'] });

describe('strategy, model kinds and ResNet50 variant are checked at every entry', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    setServices({
      config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.url }),
      db: t.db,
      log: createLogger('silent'),
    });
    const lead = await makeUser(t.db, 'LEAD');
    session.user = { id: lead.id, email: lead.email, name: lead.name, role: lead.role };
  });
  afterAll(() => t?.drop());

  it.each([
    ['a prototype key as strategy', { strategy: '__proto__' }, /Unknown strategy "__proto__"/],
    ['an unknown strategy', { strategy: 'most-fun' }, /valid strategies: .*entropy/],
    ['an unknown model kind', { modelKinds: ['CNN', 'GAN'] }, /modelKinds/],
    ['an unknown ResNet50 variant', { resnet50Variant: 'huge' }, /resnet50Variant/],
  ])('POST /api/projects refuses %s and creates nothing', async (_what, extra, message) => {
    const slug = `bad-${Math.random().toString(36).slice(2, 8)}`;
    const res = await create({ ...base(slug), ...extra });
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toMatch(message);
    expect(await t.db.project.findUnique({ where: { slug } })).toBeNull();
  });

  it('POST /api/projects stores a known strategy and variant', async () => {
    const res = await create({ ...base('good-api'), strategy: 'bald', resnet50Variant: 'frozen' });
    expect(res.status).toBe(200);
    expect(await t.db.project.findUniqueOrThrow({ where: { slug: 'good-api' } })).toMatchObject({
      strategy: 'bald',
      resnet50Variant: 'frozen',
    });
  });

  it('PATCH and the settings use case refuse an unknown strategy and keep the stored one', async () => {
    const project = await makeProject(t.db, { strategy: 'margin' }, session.user!.id);
    const res = await patch(project.slug, { strategy: 'constructor' });
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toMatch(/Unknown strategy "constructor"/);
    await expect(
      updateProjectSettings(t.db, {
        projectId: project.id,
        actorId: session.user!.id,
        input: { strategy: 'toString' },
      }),
    ).rejects.toThrow(/Unknown strategy .*toString/);
    expect((await t.db.project.findUniqueOrThrow({ where: { id: project.id } })).strategy).toBe('margin');
  });

  it.each([
    ['--strategy', '__proto__', /Unknown strategy/],
    ['--models', 'CNN,GAN', /models/],
    ['--resnet50-variant', 'huge', /resnet50-variant/],
  ])('`neuroloop project create %s %s` exits 2 and creates nothing', async (flag, value, message) => {
    const slug = `cli-bad-${Math.random().toString(36).slice(2, 8)}`;
    const res = await runCli(['project', 'create', '--slug', slug, '--labels', 'a,b', flag, value], {
      DATABASE_URL: t.url,
    });
    expect(res.code).toBe(2);
    expect(res.err).toMatch(message);
    expect(await t.db.project.findUnique({ where: { slug } })).toBeNull();
  });

  it('`neuroloop project create` stores a known strategy and variant', async () => {
    const res = await runCli(
      [
        'project',
        'create',
        '--slug',
        'cli-good',
        '--labels',
        'a,b',
        '--strategy',
        'margin',
        '--resnet50-variant',
        'frozen',
      ],
      { DATABASE_URL: t.url },
    );
    expect(res.code).toBe(0);
    expect(await t.db.project.findUniqueOrThrow({ where: { slug: 'cli-good' } })).toMatchObject({
      strategy: 'margin',
      resnet50Variant: 'frozen',
    });
  });
});
