import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { explainableVersionsResponseSchema } from '@/components/explain/explanation-api';
import type { SessionUser } from '@/lib/auth/roles';
import { loadConfig } from '@/server/config';
import { createLogger } from '@/server/logger';
import { setServices } from '@/server/services';
import { addMember, makeProject, makeUser } from '../../helpers/fixtures';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';

// The route wrapper reads the signed-in user from next-auth; here the test decides who it is.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/server/auth/session', () => ({ currentUser: async () => session.user }));

const { GET } = await import('@/app/api/projects/[slug]/model-versions/route');

type User = Awaited<ReturnType<typeof makeUser>>;

function get(slug: string, as: User | null) {
  session.user = as && { id: as.id, email: as.email, name: as.name, role: as.role };
  return GET(new Request(`http://test.local/api/projects/${slug}/model-versions`), {
    params: Promise.resolve({ slug }),
  });
}

describe('GET /api/projects/[slug]/model-versions (the Grad-CAM picker)', () => {
  let t: TestDatabase;
  let slug: string;
  let annotator: User;
  let outsider: User;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestDatabase();
    setServices({
      config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.url }),
      db: t.db,
      log: createLogger('silent'),
    });
    const lead = await makeUser(t.db, 'LEAD');
    annotator = await makeUser(t.db, 'ANNOTATOR');
    outsider = await makeUser(t.db, 'ANNOTATOR');
    const project = await makeProject(t.db, {}, lead.id);
    await addMember(t.db, project.id, annotator.email, 'ANNOTATOR');
    slug = project.slug;
    const other = await makeProject(t.db, {}, lead.id);
    const version = (
      name: string,
      projectId: string,
      data: {
        kind: 'CNN' | 'RESNET' | 'RESNET50';
        version: number;
        state: 'TRAINING' | 'READY' | 'FAILED';
        active?: boolean;
        artifact?: boolean;
      },
    ) =>
      t.db.modelVersion
        .create({
          data: {
            projectId,
            kind: data.kind,
            version: data.version,
            backend: 'wasm',
            hyperParams: {},
            labelCount: 10,
            state: data.state,
            active: data.active ?? false,
            artifactPath: data.artifact === false ? null : `models/${name}`,
          },
        })
        .then((v) => (ids[name] = v.id));
    await version('cnn1', project.id, { kind: 'CNN', version: 1, state: 'READY' });
    await version('cnn2', project.id, { kind: 'CNN', version: 2, state: 'READY', active: true });
    await version('cnn3', project.id, { kind: 'CNN', version: 3, state: 'FAILED', artifact: false });
    await version('resnet1', project.id, { kind: 'RESNET', version: 1, state: 'READY', artifact: false });
    await version('resnet50', project.id, { kind: 'RESNET50', version: 1, state: 'TRAINING', artifact: false });
    await version('elsewhere', other.id, { kind: 'CNN', version: 1, state: 'READY', active: true });
  });
  afterAll(() => t?.drop());

  it('lists the project’s READY versions that have an artifact, to any member, in the shape the page parses', async () => {
    const res = await get(slug, annotator);
    expect(res.status).toBe(200);
    const { versions } = explainableVersionsResponseSchema.parse(await res.json()).data;
    expect(versions).toEqual([
      { id: ids.cnn1, kind: 'CNN', version: 1, active: false },
      { id: ids.cnn2, kind: 'CNN', version: 2, active: true },
    ]);
  });

  it('refuses non-members and anonymous callers', async () => {
    expect((await get(slug, outsider)).status).toBe(403);
    expect((await get(slug, null)).status).toBe(401);
  });
});
