import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '@/lib/auth/roles';
import { loadConfig } from '@/server/config';
import { createLogger } from '@/server/logger';
import { setServices } from '@/server/services';
import { addMember, makeProject, makeScan, makeUser } from '../../helpers/fixtures';
import { routeCaller } from '../../helpers/route-caller';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';

// The route wrapper reads the signed-in user from next-auth; here the test decides who it is.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/server/auth/session', () => ({ currentUser: async () => session.user }));

const reports = await import('@/app/api/projects/[slug]/pacs/reports/route');
const sources = await import('@/app/api/projects/[slug]/pacs/sources/route');

const call = routeCaller(session);

describe('/api/projects/[slug]/pacs/reports: clinicians and leads send and list; only leads configure sources', () => {
  let t: TestDatabase;
  let dir: string;
  let slug: string;
  let projectId: string;
  let clinician: Awaited<ReturnType<typeof makeUser>>;
  let annotator: Awaited<ReturnType<typeof makeUser>>;
  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(path.join(os.tmpdir(), 'nl-pacs-reports-route-'));
    setServices({
      config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.url, DATA_DIR: dir }),
      db: t.db,
      log: createLogger('silent'),
    });
    const lead = await makeUser(t.db, 'LEAD');
    clinician = await makeUser(t.db, 'CLINICIAN');
    annotator = await makeUser(t.db, 'ANNOTATOR');
    const project = await makeProject(t.db, {}, lead.id);
    await addMember(t.db, project.id, clinician.email, 'CLINICIAN');
    await addMember(t.db, project.id, annotator.email, 'ANNOTATOR');
    [slug, projectId] = [project.slug, project.id];
  });
  afterAll(async () => {
    await t?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses annotators, both to list and to send', async () => {
    expect((await call(reports.GET, { slug }, annotator)).status).toBe(403);
    expect((await call(reports.POST, { slug }, annotator, { method: 'POST', body: { scanId: 'x' } })).status).toBe(403);
  });

  it('a clinician lists the reports but cannot add a source (a PACS URL is a lead’s to set)', async () => {
    const listed = await call(reports.GET, { slug }, clinician);
    expect(listed).toMatchObject({ status: 200, body: { ok: true, data: [] } });
    const add = await call(sources.POST, { slug }, clinician, {
      method: 'POST',
      body: { name: 'x', baseUrl: 'https://pacs.example.org/dicom-web' },
    });
    expect(add.status).toBe(403);
  });

  it('a clinician’s send gets a clear error for a scan that is not in the project or not from a PACS', async () => {
    const missing = await call(reports.POST, { slug }, clinician, { method: 'POST', body: { scanId: 'no-such-scan' } });
    expect(missing.status).toBe(404);
    const scan = await makeScan(t.db, projectId);
    const plain = await call(reports.POST, { slug }, clinician, {
      method: 'POST',
      body: { scanId: scan.id, includeGradCam: true },
    });
    expect(plain.status).toBe(400);
    expect(plain.body.error?.message).toMatch(/no DICOM study, series and instance UIDs/);
    expect(await t.db.pacsReport.count()).toBe(0);
  });
});
