import { AppError } from '@/lib/errors/app-error';
import { createProjectSchema, type CreateProjectInput } from '@/lib/schemas/project';
import type { Db } from '@/server/store/handle';
import { findProjectBySlug, insertProject } from '@/server/store/projects';
import { recordAuditEvent } from './record-audit-event';

/** Creates a project; its creator becomes a LEAD member. */
export async function createProject(db: Db, input: CreateProjectInput, creatorId: string | null) {
  const data = createProjectSchema.parse(input);
  if (await findProjectBySlug(db, data.slug)) {
    throw new AppError({ code: 'CONFLICT', message: `A project with slug "${data.slug}" already exists.` });
  }
  const project = await insertProject(db, data, creatorId);
  await recordAuditEvent(db, {
    actorId: creatorId,
    projectId: project.id,
    action: 'project.create',
    subject: project.slug,
  });
  return project;
}
