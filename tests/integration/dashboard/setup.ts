import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { addMember, makeProject, makeUser } from '../../helpers/fixtures';
import { seedDashboardFixtures, type DashboardFixture } from '../../helpers/dashboard-fixtures';
import type { TestDatabase } from '../../helpers/test-db';

/** A fresh project on the test database, its members, and the dashboard fixture history. */
export async function seedDashboardProject(t: TestDatabase) {
  const lead = await makeUser(t.db, 'LEAD');
  const clinician = await makeUser(t.db, 'CLINICIAN');
  const readers = [
    await makeUser(t.db, 'ANNOTATOR', 'reader-a'),
    await makeUser(t.db, 'ANNOTATOR', 'reader-b'),
    await makeUser(t.db, 'ANNOTATOR', 'reader-c'),
  ];
  const project = await makeProject(
    t.db,
    { task: 'BINARY', labels: ['normal', 'hemorrhage'], normalLabels: ['normal'], readsPerScan: 2 },
    lead.id,
  );
  for (const u of [clinician, ...readers]) await addMember(t.db, project.id, u.email, u.role);
  const artifactDir = await mkdtemp(path.join(os.tmpdir(), 'nl-artifact-'));
  const fixture: DashboardFixture = await seedDashboardFixtures(t.db, {
    projectId: project.id,
    readers: [readers[0].id, readers[1].id, readers[2].id],
    adjudicatorId: clinician.id,
    artifactDir,
  });
  const fresh = await t.db.project.findUniqueOrThrow({ where: { id: project.id } });
  return { project: fresh, lead, clinician, readers, fixture, artifactDir };
}
