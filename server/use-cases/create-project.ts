import { AppError } from '@/lib/errors/app-error';
import { createProjectSchema, type CreateProjectInput } from '@/lib/schemas/project';
import type { Db } from '@/server/db/client';
import { recordAuditEvent } from './record-audit-event';

/** Creates a project; its creator becomes a LEAD member. */
export async function createProject(db: Db, input: CreateProjectInput, creatorId: string | null) {
  const data = createProjectSchema.parse(input);
  if (await db.project.findUnique({ where: { slug: data.slug } })) {
    throw new AppError({ code: 'CONFLICT', message: `A project with slug "${data.slug}" already exists.` });
  }
  const project = await db.project.create({
    data: {
      ...data,
      createdById: creatorId,
      members: creatorId ? { create: { userId: creatorId, role: 'LEAD' } } : undefined,
    },
  });
  await recordAuditEvent(db, {
    actorId: creatorId,
    projectId: project.id,
    action: 'project.create',
    subject: project.slug,
  });
  return project;
}
