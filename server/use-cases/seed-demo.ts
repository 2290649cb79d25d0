import type { Db } from '@/server/store/handle';
import { countUsers } from '@/server/store/users';
import { generatePassword } from '@/server/auth/password';
import { createUser } from './create-user';
import { createProject } from './create-project';
import { addProjectMember } from './add-project-member';

export const DEMO_PROJECT_SLUG = 'ct-hemorrhage-demo';

export const demoUsers = [
  { email: 'admin@neuroloop.local', name: 'Ada Admin', role: 'ADMIN' },
  { email: 'lead@neuroloop.local', name: 'Lena Lead', role: 'LEAD' },
  { email: 'clinician@neuroloop.local', name: 'Dr. Chen', role: 'CLINICIAN' },
  { email: 'annotator1@neuroloop.local', name: 'Ana Reader', role: 'ANNOTATOR' },
  { email: 'annotator2@neuroloop.local', name: 'Ben Reader', role: 'ANNOTATOR' },
] as const;

export interface DemoSeed {
  password: string;
  users: { email: string; role: string }[];
  projectSlug: string;
  projectId: string;
}

/**
 * Demo users and a demo CT hemorrhage project, only into an empty database. The password
 * is random per installation; the caller prints it (and keeps it in the data directory).
 */
export async function seedDemo(db: Db, opts: { password?: string } = {}): Promise<DemoSeed | null> {
  if ((await countUsers(db)) > 0) return null;
  const password = opts.password ?? generatePassword();
  const ids: Record<string, string> = {};
  for (const u of demoUsers) ids[u.email] = (await createUser(db, { ...u, password })).id;
  const project = await createProject(
    db,
    {
      slug: DEMO_PROJECT_SLUG,
      name: 'CT hemorrhage (demo)',
      description: 'Synthetic axial head CT slices: is there an intracranial hemorrhage?',
      task: 'BINARY',
      labels: ['normal', 'hemorrhage'],
      normalLabels: ['normal'],
      readsPerScan: 2,
      retrainThreshold: 50,
    },
    ids['lead@neuroloop.local'],
  );
  for (const u of demoUsers) {
    if (u.role === 'ADMIN' || u.role === 'LEAD') continue;
    await addProjectMember(
      db,
      { projectId: project.id, email: u.email, role: u.role },
      { id: ids['lead@neuroloop.local']!, role: 'LEAD' },
    );
  }
  return {
    password,
    users: demoUsers.map((u) => ({ email: u.email, role: u.role })),
    projectSlug: project.slug,
    projectId: project.id,
  };
}
