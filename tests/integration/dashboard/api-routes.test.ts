import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '@/lib/auth/roles';
import { trainingJobsResponseSchema } from '@/lib/dashboard/training-jobs';
import { loadConfig } from '@/server/config';
import { parseCsv } from '@/server/export/csv';
import { createLogger } from '@/server/logger';
import { setServices } from '@/server/services';
import { PLANTED, scanName } from '../../helpers/dashboard-fixtures';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { seedDashboardProject } from './setup';

// The route wrapper reads the signed-in user from next-auth; here the test decides who it is.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/server/auth/session', () => ({ currentUser: async () => session.user }));

const { GET: getDashboard } = await import('@/app/api/projects/[slug]/dashboard/route');
const { GET: getTrainingJobs } = await import('@/app/api/projects/[slug]/dashboard/training-jobs/route');
const { GET: getConfusion } = await import('@/app/api/projects/[slug]/dashboard/confusion/route');
const { GET: getExport } = await import('@/app/api/projects/[slug]/export/route');

type Handler = (req: Request, segment: { params: Promise<{ slug: string }> }) => Promise<Response>;
type Who = { id: string; email: string; name: string; role: SessionUser['role'] } | null;

function call(handler: Handler, slug: string, as: Who, query = '') {
  session.user = as && { id: as.id, email: as.email, name: as.name, role: as.role };
  return handler(new Request(`http://test.local/api/projects/${slug}/x${query}`), {
    params: Promise.resolve({ slug }),
  });
}

describe('dashboard and export routes', () => {
  let t: TestDatabase;
  let s: Awaited<ReturnType<typeof seedDashboardProject>>;
  let lead: Who;
  beforeAll(async () => {
    t = await createTestDatabase();
    setServices({
      config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.url }),
      db: t.db,
      log: createLogger('silent'),
    });
    s = await seedDashboardProject(t);
    lead = s.lead;
  });
  afterAll(() => t.drop());

  it('serves the dashboard to leads only', async () => {
    const res = await call(getDashboard, s.project.slug, lead, '?kind=RESNET');
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      ok: true;
      data: { evaluation: { kind: string }; progress: { counts: unknown } };
    };
    expect(body.data.evaluation.kind).toBe('RESNET');
    expect(body.data.progress.counts).toEqual(s.fixture.expected.progress);
    expect((await call(getDashboard, s.project.slug, s.readers[0])).status).toBe(403);
    expect((await call(getDashboard, s.project.slug, s.clinician)).status).toBe(403);
    expect((await call(getDashboard, s.project.slug, null)).status).toBe(401);
    expect((await call(getDashboard, 'no-such-project', lead)).status).toBe(404);
  });

  it('serves the training jobs in the shape the polling panel parses', async () => {
    const res = await call(getTrainingJobs, s.project.slug, lead);
    const body = (await res.json()) as { data: unknown };
    const parsed = trainingJobsResponseSchema.parse(body.data);
    expect(parsed.live?.state).toBe('RUNNING');
  });

  it('lists the scans behind a confusion cell, and rejects a malformed query', async () => {
    const q = `?version=${s.fixture.versions.cnn2}&true=hemorrhage&pred=normal`;
    const body = (await (await call(getConfusion, s.project.slug, lead, q)).json()) as {
      data: { scans: { originalName: string }[] };
    };
    expect(body.data.scans.map((x) => x.originalName)).toEqual([scanName(15)]);
    const bad = await call(getConfusion, s.project.slug, lead, '?version=x');
    expect(bad.status).toBe(400);
  });

  it('downloads exports as files with a name, and refuses what cannot be exported', async () => {
    const csv = await call(getExport, s.project.slug, lead, '?what=labels&format=csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="${s.project.slug}-labels.csv"`);
    const text = await csv.text();
    expect(parseCsv(text).filter((r) => r.annotation_id)).toHaveLength(
      await t.db.annotation.count({ where: { projectId: s.project.id } }),
    );
    for (const v of Object.values(PLANTED)) expect(text).not.toContain(v);

    const tar = await call(getExport, s.project.slug, lead, '?what=model&format=tfjs&kind=CNN');
    expect(tar.headers.get('content-type')).toBe('application/x-tar');
    const bytes = Buffer.from(await tar.arrayBuffer());
    expect(bytes.subarray(257, 262).toString()).toBe('ustar');
    expect(bytes.length % 512).toBe(0);

    // RESNET v1 is active but has no artifact.
    expect((await call(getExport, s.project.slug, lead, '?what=model&format=json&kind=RESNET')).status).toBe(404);
    expect((await call(getExport, s.project.slug, lead, '?what=labels&format=tfjs')).status).toBe(400);
    expect((await call(getExport, s.project.slug, s.readers[1], '?what=labels&format=csv')).status).toBe(403);
  });
});
