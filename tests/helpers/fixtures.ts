import type { Role } from '@/lib/auth/roles';
import type { Db } from '@/server/db/client';
import { createUser } from '@/server/use-cases/create-user';
import { createProject } from '@/server/use-cases/create-project';
import { addProjectMember } from '@/server/use-cases/add-project-member';
import type { CreateProjectInput } from '@/lib/schemas/project';

export const TEST_PASSWORD = 'correct-horse-battery';

let counter = 0;

export async function makeUser(db: Db, role: Role = 'ANNOTATOR', name?: string) {
  counter += 1;
  const label = name ?? `${role.toLowerCase()}${counter}`;
  return createUser(db, { email: `${label}-${counter}@test.local`, name: label, role, password: TEST_PASSWORD });
}

export async function makeProject(db: Db, overrides: Partial<CreateProjectInput> = {}, leadId: string | null = null) {
  counter += 1;
  return createProject(
    db,
    {
      slug: `p-${counter}-${Date.now().toString(36)}`,
      name: 'Test project',
      task: 'MULTICLASS',
      labels: ['normal', 'glioma', 'meningioma'],
      normalLabels: ['normal'],
      ...overrides,
    },
    leadId,
  );
}

export async function addMember(db: Db, projectId: string, email: string, role: Role) {
  return addProjectMember(db, { projectId, email, role }, null);
}

/** A scan row without files (for store-level tests that never read pixels). */
export async function makeScan(db: Db, projectId: string, i = counter++) {
  return db.scan.create({
    data: {
      projectId,
      contentHash: `hash-${i}-${Math.random().toString(36).slice(2)}`,
      fileHash: `file-${i}`,
      originalPath: `/dev/null/${i}`,
      originalName: `scan-${i}.dcm`,
      previewPath: `/dev/null/${i}.preview`,
      thumbnailPath: `/dev/null/${i}.png`,
      modality: 'CT',
      width: 64,
      height: 64,
    },
  });
}
