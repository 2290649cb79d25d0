import { AppError } from '@/lib/errors/app-error';
import { Prisma } from '@/generated/prisma/client';
import type { ScanSink } from '@/server/imaging/import-port';
import type { Db } from './client';
import { nextSequence } from './sequence';

/**
 * The importer's port over PostgreSQL for one project. Prior labels are append-only
 * annotations (source IMPORT) authored by the project's import identity, never by the
 * person who uploaded: a dataset's folder names are not anyone's read.
 */
export function createPrismaScanSink(
  db: Db,
  opts: { projectId: string; importerId: string | null; labelAuthorId: string; importBatchId?: string },
): ScanSink {
  return {
    async findScanByContentHash(contentHash) {
      return db.scan.findUnique({
        where: { projectId_contentHash: { projectId: opts.projectId, contentHash } },
        select: { id: true },
      });
    },
    async saveScan(record) {
      try {
        return await db.scan.create({
          data: {
            ...record,
            dicomMeta: record.dicomMeta === null ? Prisma.JsonNull : (record.dicomMeta as Prisma.InputJsonValue),
            projectId: opts.projectId,
            importedById: opts.importerId,
            importBatchId: record.importBatchId ?? opts.importBatchId,
          },
          select: { id: true },
        });
      } catch (e) {
        if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
          throw new AppError({ code: 'CONFLICT', message: 'A scan with these pixels already exists in this project.' });
        }
        throw e;
      }
    },
    async addPriorLabel(scanId, label, source) {
      await db.$transaction(async (tx) => {
        const exists = await tx.annotation.findUnique({
          where: { projectId_idempotencyKey: { projectId: opts.projectId, idempotencyKey: source.idempotencyKey } },
          select: { id: true },
        });
        if (exists) return;
        // The import identity keeps one chain per scan: a later prior label supersedes the earlier.
        const previous = await tx.annotation.findFirst({
          where: { scanId, authorId: opts.labelAuthorId, supersededBy: null },
          select: { id: true },
        });
        await tx.annotation.create({
          data: {
            projectId: opts.projectId,
            scanId,
            authorId: opts.labelAuthorId,
            source: 'IMPORT',
            action: 'IMPORT',
            value: { labels: [label] },
            supersedesId: previous?.id ?? null,
            seq: await nextSequence(tx, opts.projectId),
            idempotencyKey: source.idempotencyKey,
            note: `${source.origin}: ${source.file}`,
          },
        });
      });
    },
  };
}
