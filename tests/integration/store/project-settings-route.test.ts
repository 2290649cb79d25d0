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

const { PATCH } = await import('@/app/api/projects/[slug]/route');

type User = Awaited<ReturnType<typeof makeUser>>;

function patch(slug: string, as: User | null, body: unknown) {
  session.user = as && { id: as.id, email: as.email, name: as.name, role: as.role };
  return PATCH(
    new Request(`http://test.local/api/projects/${slug}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    {
      params: Promise.resolve({ slug }),
    },
  );
}

describe('PATCH /api/projects/[slug] (a lead manages the project settings)', () => {
  let t: TestDatabase;
  let slug: string;
  let projectId: string;
  let lead: User;
  let annotator: User;

  beforeAll(async () => {
    t = await createTestDatabase();
    setServices({
      config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.url }),
      db: t.db,
      log: createLogger('silent'),
    });
    lead = await makeUser(t.db, 'LEAD');
    annotator = await makeUser(t.db, 'ANNOTATOR');
    const project = await makeProject(t.db, {}, lead.id);
    await addMember(t.db, project.id, lead.email, 'LEAD');
    await addMember(t.db, project.id, annotator.email, 'ANNOTATOR');
    slug = project.slug;
    projectId = project.id;
  });
  afterAll(() => t?.drop());

  it('stores what the lead changes, leaves the rest, and audits each change with its old value', async () => {
    const res = await patch(slug, lead, {
      retrainThreshold: 120,
      strategy: 'bald',
      resnet50Variant: 'frozen',
      modelKinds: ['CNN', 'RESNET50'],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; data: Record<string, unknown> };
    expect(body.data).toMatchObject({
      retrainThreshold: 120,
      strategy: 'bald',
      resnet50Variant: 'frozen',
      modelKinds: ['CNN', 'RESNET50'],
      readsPerScan: 2,
    });
    const row = await t.db.project.findUniqueOrThrow({ where: { id: projectId } });
    expect(row).toMatchObject({ retrainThreshold: 120, strategy: 'bald', resnet50Variant: 'frozen', blindMode: true });
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { projectId, action: 'project.settings_changed' } });
    expect(audit.actorId).toBe(lead.id);
    expect(audit.details).toMatchObject({
      retrainThreshold: { from: 50, to: 120 },
      strategy: { from: 'entropy', to: 'bald' },
      resnet50Variant: { from: 'stage4', to: 'frozen' },
    });
  });

  it('refuses an annotator, an unknown strategy, an unknown variant, no model kind and unknown fields, changing nothing', async () => {
    const before = await t.db.project.findUniqueOrThrow({ where: { id: projectId } });
    expect((await patch(slug, annotator, { retrainThreshold: 5 })).status).toBe(403);
    expect((await patch(slug, null, { retrainThreshold: 5 })).status).toBe(401);
    const unknownStrategy = await patch(slug, lead, { strategy: 'coin-toss' });
    expect(unknownStrategy.status).toBe(400);
    expect(((await unknownStrategy.json()) as { error: { message: string } }).error.message).toMatch(/entropy/);
    expect((await patch(slug, lead, { resnet50Variant: 'deeper' })).status).toBe(400);
    expect((await patch(slug, lead, { modelKinds: [] })).status).toBe(400);
    expect((await patch(slug, lead, { lastSequence: 0 })).status).toBe(400);
    const after = await t.db.project.findUniqueOrThrow({ where: { id: projectId } });
    expect(after).toEqual(before);
  });

  it('the database refuses a variant the trainer does not know, whatever writes it', async () => {
    await expect(
      t.db.$executeRawUnsafe(`UPDATE "Project" SET "resnet50Variant" = 'deeper' WHERE id = $1`, projectId),
    ).rejects.toThrow(/Project_resnet50Variant_known/);
  });
});
