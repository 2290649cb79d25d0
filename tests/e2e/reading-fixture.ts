import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { encodePreview } from '@/lib/imaging/preview-format';
import { generateCtHemorrhage } from '@/lib/synth/ct-hemorrhage';
import type { Db } from '@/server/db/client';
import { addProjectMember } from '@/server/use-cases/add-project-member';
import { createProject } from '@/server/use-cases/create-project';
import { createUser } from '@/server/use-cases/create-user';

const storageDir = path.resolve(import.meta.dirname, '../..', process.env.E2E_DATA_DIR ?? '.data/e2e', 'storage');
export const readerPassword = 'reading-e2e-password';

export interface ReadingProject {
  slug: string;
  name: string;
  projectId: string;
  /** In review-queue rank order. */
  scanIds: string[];
}

/**
 * A binary project of `count` MR scans (no Hounsfield units: the viewer offers its relative
 * presets and the file's 'Auto'), each with a model prediction of 'hemorrhage' at 0.8 and
 * a review-queue rank, so that "Next" serves them in a known order. With `seriesSize`, the scans
 * come in series of that many (consecutive scans share a seriesKey), so each opens as a stack.
 */
export async function readingProject(db: Db, count: number, seriesSize?: number): Promise<ReadingProject> {
  const lead = await db.user.findUniqueOrThrow({ where: { email: 'lead@neuroloop.local' } });
  const slug = `reading-e2e-${Date.now().toString(36)}`;
  const name = `Reading e2e ${slug.slice(-4)}`;
  const project = await createProject(
    db,
    {
      slug,
      name,
      task: 'BINARY',
      labels: ['normal', 'hemorrhage'],
      normalLabels: ['normal'],
      blindMode: false,
      readsPerScan: 1,
    },
    lead.id,
  );
  const folder = path.join(storageDir, 'previews', slug);
  await mkdir(folder, { recursive: true });
  const previews: string[] = [];
  for (let v = 0; v < 4; v++) {
    const sample = generateCtHemorrhage(11, v, { size: 128, difficulty: 0 });
    const rel = `previews/${slug}/${v}.nlprev`;
    await writeFile(
      path.join(storageDir, rel),
      encodePreview({ pixels: sample.image, width: 128, height: 128, modality: 'MR', hounsfield: false, meta: {} }),
    );
    previews.push(rel);
  }
  const version = await db.modelVersion.create({
    data: {
      projectId: project.id,
      kind: 'CNN',
      version: 1,
      backend: 'wasm',
      hyperParams: {},
      labelCount: 40,
      state: 'READY',
      active: true,
      artifactPath: `models/${project.id}/cnn-v1`,
    },
  });
  const scanIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const preview = previews[i % previews.length]!;
    const scan = await db.scan.create({
      data: {
        projectId: project.id,
        contentHash: `${slug}-${i}`,
        fileHash: `${slug}-${i}`,
        originalPath: '/x',
        originalName: `read-${String(i).padStart(2, '0')}.dcm`,
        previewPath: preview,
        thumbnailPath: preview,
        modality: 'MR',
        width: 128,
        height: 128,
        ...(seriesSize ? { seriesKey: `${slug}-series-${Math.floor(i / seriesSize)}` } : {}),
      },
    });
    scanIds.push(scan.id);
  }
  await db.prediction.createMany({
    data: scanIds.map((scanId) => ({ modelVersionId: version.id, scanId, probabilities: [0.2, 0.8] })),
  });
  await db.queueItem.createMany({
    data: scanIds.map((scanId, rank) => ({ projectId: project.id, scanId, rank, strategy: 'entropy', reason: 'e2e' })),
  });
  return { slug, name, projectId: project.id, scanIds };
}

/** A new annotator of the project (each test reads as its own user, so claims and skips stay apart). */
export async function newReader(db: Db, project: ReadingProject, tag: string): Promise<string> {
  const email = `${tag}-${project.slug}@neuroloop.local`;
  await createUser(db, { email, name: `Reader ${tag}`, role: 'ANNOTATOR', password: readerPassword });
  await addProjectMember(db, { projectId: project.projectId, email, role: 'ANNOTATOR' }, null);
  return email;
}
