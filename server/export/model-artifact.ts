import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '@/lib/errors/app-error';
import { TRAINER_CARD, type ModelExport } from '@/server/use-cases/export-model';
import { createTar } from './tar';

const cardJson = (exp: ModelExport) => JSON.stringify(exp.card, null, 2) + '\n';

/** Copies the artifact into `outDir` (new or empty) and writes the merged card.json beside it. */
export async function writeModelDir(exp: ModelExport, outDir: string): Promise<string[]> {
  if (existsSync(outDir) && (await fs.readdir(outDir)).length > 0) {
    throw new AppError({
      code: 'CONFLICT',
      message: `${outDir} is not empty: choose a new or empty directory for the model.`,
    });
  }
  await fs.mkdir(outDir, { recursive: true });
  for (const f of exp.files) {
    await fs.mkdir(path.dirname(path.join(outDir, f)), { recursive: true });
    await fs.copyFile(path.join(exp.dir, f), path.join(outDir, f));
  }
  await fs.writeFile(path.join(outDir, TRAINER_CARD), cardJson(exp));
  return [...exp.files, TRAINER_CARD];
}

/** The same files as one tar archive under a folder named after the version (the UI's download). */
export async function modelTar(exp: ModelExport, folder: string): Promise<Buffer> {
  const entries = await Promise.all(
    exp.files.map(async (f) => ({ name: `${folder}/${f}`, data: await fs.readFile(path.join(exp.dir, f)) })),
  );
  entries.push({ name: `${folder}/${TRAINER_CARD}`, data: Buffer.from(cardJson(exp)) });
  return createTar(entries);
}
