import type { Role, SessionUser } from '@/lib/auth/roles';
import type { Db } from '@/server/db/client';
import { addMember, makeProject, makeScan, makeUser } from './fixtures';

export type TestUser = SessionUser;

export function asSessionUser(
  u: { id: string; email: string; name: string; role: Role },
  projectRole?: Role,
): SessionUser {
  return { id: u.id, email: u.email, name: u.name, role: projectRole ?? u.role };
}

/**
 * A project with a lead, some readers and scans. Readers are ANNOTATORs (and the
 * clinician a CLINICIAN) in the project.
 */
export async function realtimeProject(
  db: Db,
  opts: {
    readers?: number;
    scans?: number;
    blindMode?: boolean;
    readsPerScan?: number;
    task?: 'BINARY' | 'MULTICLASS';
  } = {},
) {
  const lead = await makeUser(db, 'LEAD');
  const binary = opts.task === 'BINARY';
  const project = await makeProject(
    db,
    {
      blindMode: opts.blindMode ?? true,
      readsPerScan: opts.readsPerScan ?? 2,
      ...(binary ? { task: 'BINARY', labels: ['normal', 'hemorrhage'], normalLabels: ['normal'] } : {}),
    },
    lead.id,
  );
  const readers: SessionUser[] = [];
  for (let i = 0; i < (opts.readers ?? 2); i++) {
    const u = await makeUser(db, 'ANNOTATOR', `reader${i}`);
    await addMember(db, project.id, u.email, 'ANNOTATOR');
    readers.push(asSessionUser(u));
  }
  const c = await makeUser(db, 'CLINICIAN', 'clinician');
  await addMember(db, project.id, c.email, 'CLINICIAN');
  const outsider = await makeUser(db, 'ANNOTATOR', 'outsider');
  const scans = [];
  for (let i = 0; i < (opts.scans ?? 3); i++) scans.push(await makeScan(db, project.id));
  return {
    project,
    lead: asSessionUser(lead),
    readers,
    clinician: asSessionUser(c),
    outsider: asSessionUser(outsider),
    scans,
  };
}

export { toLiveProject as liveProjectOf } from '@/lib/realtime/live-transport';

/** An active model version of `kind` with a prediction for the scan (probabilities in label order). */
export async function makePrediction(
  db: Db,
  projectId: string,
  scanId: string,
  probabilities: number[],
  kind: 'CNN' | 'RESNET' | 'RESNET50' = 'CNN',
) {
  const existing = await db.modelVersion.findFirst({ where: { projectId, kind, active: true } });
  const mv =
    existing ??
    (await db.modelVersion.create({
      data: {
        projectId,
        kind,
        version: 1,
        backend: 'cpu',
        hyperParams: {},
        labelCount: 0,
        state: 'READY',
        active: true,
      },
    }));
  return db.prediction.create({ data: { modelVersionId: mv.id, scanId, probabilities } });
}
