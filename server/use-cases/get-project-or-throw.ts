import { AppError } from '@/lib/errors/app-error';
import type { Db } from '@/server/db/client';

export async function getProjectOrThrow(db: Db, slug: string) {
  const project = await db.project.findUnique({ where: { slug } });
  if (!project) throw new AppError({ code: 'NOT_FOUND', message: `No project "${slug}".` });
  return project;
}
