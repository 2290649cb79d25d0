import { AppError } from '@/lib/errors/app-error';
import type { Db } from '@/server/store/handle';
import { findProjectBySlug } from '@/server/store/projects';

export async function getProjectOrThrow(db: Db, slug: string) {
  const project = await findProjectBySlug(db, slug);
  if (!project) throw new AppError({ code: 'NOT_FOUND', message: `No project "${slug}".` });
  return project;
}
