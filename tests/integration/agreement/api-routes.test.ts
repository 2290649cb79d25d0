import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '@/lib/auth/roles';
import { loadConfig } from '@/server/config';
import { createLogger } from '@/server/logger';
import { setServices } from '@/server/services';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { makeUser } from '../../helpers/fixtures';
import { simulateReads } from '../../unit/agreement/simulate';
import { seedProject, simulatedAnnotations, type SeededProject } from './seed';

// The route wrapper reads the signed-in user from next-auth; here the test decides who it is.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/server/auth/session', () => ({ currentUser: async () => session.user }));

const { GET: getAgreement } = await import('@/app/api/projects/[slug]/agreement/route');
const { GET: getOverTime } = await import('@/app/api/projects/[slug]/agreement/over-time/route');
const { GET: getQueue } = await import('@/app/api/projects/[slug]/agreement/queue/route');

type Handler = (req: Request, segment: { params: Promise<{ slug: string }> }) => Promise<Response>;

async function call(
  handler: Handler,
  slug: string,
  as: { id: string; email: string; name: string; role: SessionUser['role'] } | null,
  query = '',
) {
  session.user = as && { id: as.id, email: as.email, name: as.name, role: as.role };
  const res = await handler(new Request(`http://test.local/api/projects/${slug}/agreement${query}`), {
    params: Promise.resolve({ slug }),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      ok: boolean;
      data?: Record<string, unknown> & { report: { dawid_skene: { posteriors?: unknown[] } } };
      error?: { code: string };
    },
  };
}

describe('the agreement API', () => {
  let t: TestDatabase;
  let s: SeededProject;
  beforeAll(async () => {
    t = await createTestDatabase();
    setServices({
      config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.url }),
      db: t.db,
      log: createLogger('silent'),
    });
    s = await seedProject(t, {
      readers: ['Ana', 'Ben', 'Cleo'],
      scans: 30,
      project: { task: 'BINARY', labels: ['normal', 'bleed'] },
    });
    const { reads } = simulateReads({
      seed: 3,
      items: 30,
      categories: ['normal', 'bleed'],
      accuracies: [0.85, 0.85, 0.85],
    });
    await s.append(simulatedAnnotations(s, reads));
  });
  afterAll(() => t.drop());

  it('gives an annotator aggregates only, a clinician the per-scan posteriors too', async () => {
    const annotator = await call(getAgreement, s.project.slug, s.readers[0], '?bootstrap=50');
    expect(annotator.status).toBe(200);
    expect(annotator.body.data).toMatchObject({ perScan: false, upToSeq: 90 });
    expect(annotator.body.data!.report.dawid_skene.posteriors).toEqual([]);

    const clinician = await call(getAgreement, s.project.slug, s.clinician, '?bootstrap=50');
    expect(clinician.status).toBe(200);
    expect(clinician.body.data).toMatchObject({ perScan: true });
    expect(clinician.body.data!.report.dawid_skene.posteriors).toHaveLength(30);
    expect(JSON.stringify(clinician.body)).not.toContain('NaN');
  });

  it('lets any member see agreement over time', async () => {
    const res = await call(getOverTime, s.project.slug, s.readers[1], '?bootstrap=50');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ upToSeq: 90, byModelVersion: [] });
  });

  it('keeps the adjudication queue for clinicians and above', async () => {
    expect((await call(getQueue, s.project.slug, s.readers[0])).body).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect((await call(getQueue, s.project.slug, s.readers[0])).status).toBe(403);
    const clinician = await call(getQueue, s.project.slug, s.clinician);
    expect(clinician.status).toBe(200);
    expect(clinician.body.data).toMatchObject({ readsPerScan: 2, awaitingReads: [] });
    expect((await call(getQueue, s.project.slug, s.lead)).status).toBe(200);
  });

  it('refuses strangers, visitors and bad queries', async () => {
    const outsider = await makeUser(t.db, 'CLINICIAN');
    expect((await call(getAgreement, s.project.slug, outsider)).status).toBe(403);
    expect((await call(getAgreement, s.project.slug, null)).status).toBe(401);
    expect((await call(getAgreement, 'no-such-project', s.clinician)).status).toBe(404);
    expect((await call(getAgreement, s.project.slug, s.clinician, '?bootstrap=-1')).status).toBe(400);
  });
});
