import type { Prisma } from '@/generated/prisma/client';
import type { Role } from '@/lib/auth/roles';
import type { ProjectSettingsUpdate } from '@/lib/schemas/project';
import type { DbOrTx } from './handle';

/** A new project's own fields (its creator and first member are given apart). */
export type NewProject = Omit<Prisma.ProjectUncheckedCreateInput, 'createdById' | 'members'>;

export function findProjectBySlug(db: DbOrTx, slug: string) {
  return db.project.findUnique({ where: { slug } });
}

/** The project with `userId`'s membership of it (an empty list: not a member). */
export function findProjectWithMembership(db: DbOrTx, slug: string, userId: string) {
  return db.project.findUnique({
    where: { slug },
    include: { members: { where: { userId } } },
  });
}

/** The project's name and `userId`'s role in it (an empty list: not a member). */
export function findProjectNameAndRole(db: DbOrTx, slug: string, userId: string) {
  return db.project.findUnique({
    where: { slug },
    select: { name: true, members: { where: { userId }, select: { role: true } } },
  });
}

/**
 * Projects, oldest first, with their scan, annotation and member counts: those `memberId` is
 * a member of (null: all), archived ones only with `includeArchived`.
 */
export function findProjectsWithCounts(db: DbOrTx, filter: { memberId: string | null; includeArchived: boolean }) {
  const where = {
    ...(filter.memberId === null ? {} : { members: { some: { userId: filter.memberId } } }),
    ...(filter.includeArchived ? {} : { archivedAt: null }),
  };
  return db.project.findMany({
    where,
    orderBy: { createdAt: 'asc' },
    include: { _count: { select: { scans: true, annotations: true, members: true } } },
  });
}

/** Creates the project; a creator becomes its LEAD member. */
export function insertProject(db: DbOrTx, data: NewProject, creatorId: string | null) {
  return db.project.create({
    data: {
      ...data,
      createdById: creatorId,
      members: creatorId ? { create: { userId: creatorId, role: 'LEAD' } } : undefined,
    },
  });
}

/** The settings a lead manages, as stored. */
const projectSettingsSelect = {
  retrainThreshold: true,
  readsPerScan: true,
  blindMode: true,
  strategy: true,
  modelKinds: true,
  resnet50Variant: true,
  consensusThreshold: true,
  claimTimeoutSeconds: true,
} as const;

export function findProjectSettings(db: DbOrTx, projectId: string) {
  return db.project.findUniqueOrThrow({ where: { id: projectId }, select: projectSettingsSelect });
}

export function setProjectSettings(db: DbOrTx, projectId: string, data: ProjectSettingsUpdate) {
  return db.project.update({
    where: { id: projectId },
    data,
    select: projectSettingsSelect,
  });
}

export function findProjectLabels(db: DbOrTx, projectId: string) {
  return db.project.findUniqueOrThrow({
    where: { id: projectId },
    select: { labels: true, retiredLabels: true, task: true },
  });
}

export function setProjectLabels(db: DbOrTx, projectId: string, labels: string[], retiredLabels: string[]) {
  return db.project.update({
    where: { id: projectId },
    data: { labels, retiredLabels },
    select: { labels: true, retiredLabels: true },
  });
}

export function findProjectArchivedAt(db: DbOrTx, projectId: string) {
  return db.project.findUniqueOrThrow({
    where: { id: projectId },
    select: { archivedAt: true },
  });
}

export function setProjectArchivedAt(db: DbOrTx, projectId: string, archivedAt: Date | null) {
  return db.project.update({
    where: { id: projectId },
    data: { archivedAt },
    select: { archivedAt: true },
  });
}

export function findMembership(db: DbOrTx, projectId: string, userId: string) {
  return db.projectMember.findUnique({
    where: { projectId_userId: { projectId, userId } },
  });
}

/** Adds the user to the project with `role`, or gives an existing member that role. */
export function upsertMembership(db: DbOrTx, projectId: string, userId: string, role: Role) {
  return db.projectMember.upsert({
    where: { projectId_userId: { projectId, userId } },
    create: { projectId, userId, role },
    update: { role },
  });
}

export function setMemberRole(db: DbOrTx, projectId: string, userId: string, role: Role) {
  return db.projectMember.update({
    where: { projectId_userId: { projectId, userId } },
    data: { role },
  });
}

export async function deleteMembership(db: DbOrTx, projectId: string, userId: string): Promise<void> {
  await db.projectMember.delete({ where: { projectId_userId: { projectId, userId } } });
}

/** Members other than `userId` who can manage the project (LEAD or ADMIN). */
export function countOtherLeads(db: DbOrTx, projectId: string, userId: string): Promise<number> {
  return db.projectMember.count({
    where: { projectId, userId: { not: userId }, role: { in: ['LEAD', 'ADMIN'] } },
  });
}

/** Projects not archived that train this model kind, with what their training configuration reads. */
export function findProjectsTrainingKind(db: DbOrTx, kind: 'CNN' | 'RESNET' | 'RESNET50') {
  return db.project.findMany({
    where: { archivedAt: null, modelKinds: { has: kind } },
    select: { id: true, imageSize: true, resnet50Variant: true },
    orderBy: { createdAt: 'asc' },
  });
}
