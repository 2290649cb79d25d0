import { AppError } from '@/lib/errors/app-error';
import type { ClaimView } from '@/lib/realtime/protocol';
import { Prisma } from '@/generated/prisma/client';
import type { Db } from '@/server/db/client';
import { createClaim, isActiveClaimConflict } from './create-claim';

/** Chain heads of scan s with a value: current reads (kind READ) or a reference label (kind ADJUDICATION). */
const heads = (kind: 'READ' | 'ADJUDICATION') => Prisma.sql`
  SELECT 1 FROM "Annotation" h
  WHERE h."scanId" = s.id AND ${kind === 'READ' ? Prisma.sql`h.source <> 'ADJUDICATION'` : Prisma.sql`h.source = 'ADJUDICATION'`}
    AND h.value IS NOT NULL AND jsonb_typeof(h.value) <> 'null'
    AND NOT EXISTS (SELECT 1 FROM "Annotation" n WHERE n."supersedesId" = h.id)`;

/** A scan the user may be given: not read by them, short of its reads, not adjudicated, held by nobody. */
export const eligible = (userId: string, labelsRequired: number) => Prisma.sql`
  NOT EXISTS (SELECT 1 FROM "Annotation" a WHERE a."scanId" = s.id AND a."authorId" = ${userId})
  AND NOT EXISTS (SELECT 1 FROM "Claim" c WHERE c."scanId" = s.id AND c.state = 'ACTIVE')
  AND NOT EXISTS (${heads('ADJUDICATION')})
  AND (SELECT count(*) FROM (${heads('READ')}) r) < ${labelsRequired}`;

/**
 * "Next" (key N): in one transaction, expires overdue claims, releases the user's own
 * (recording an unread one as passed over), and claims the highest-ranked review-queue
 * scan the user may be given (falling back to any scan short of reads, least recently
 * served first); scans the user passed over come last, oldest pass first. SKIP LOCKED keeps two
 * concurrent presses off one scan (NO KEY UPDATE: labels' foreign-key checks on the scan
 * need not wait); the one-active-claim-per-scan index is the last guard.
 */
export async function claimNextScan(db: Db, args: { projectId: string; userId: string }): Promise<ClaimView | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await db.$transaction((tx) => claimOnce(tx, args), { maxWait: 10_000, timeout: 15_000 });
    } catch (e) {
      if (!isActiveClaimConflict(e)) throw e;
    }
  }
  throw new AppError({ code: 'CONFLICT', message: 'Many readers asked for a scan at once; press N again.' });
}

async function claimOnce(
  tx: Prisma.TransactionClient,
  { projectId, userId }: { projectId: string; userId: string },
): Promise<ClaimView | null> {
  const project = await tx.project.findUniqueOrThrow({
    where: { id: projectId },
    select: { labelsRequired: true, claimTimeoutSeconds: true },
  });
  const now = new Date();
  await tx.claim.updateMany({
    where: { projectId, state: 'ACTIVE', expiresAt: { lte: now } },
    data: { state: 'EXPIRED', endedAt: now },
  });
  // "Next" while holding an unread scan passes over it: it goes behind every other scan for this reader.
  const released = await tx.claim.updateManyAndReturn({
    where: { projectId, userId, state: 'ACTIVE' },
    data: { state: 'RELEASED', endedAt: now },
    select: { scanId: true },
  });
  await recordSkips(tx, { projectId, userId, scanIds: released.map((c) => c.scanId), now });
  const open = eligible(userId, project.labelsRequired);
  const scanId =
    (await pickScan(tx, projectId, Prisma.sql`${open} AND NOT EXISTS (${skippedBy(userId)})`)) ??
    (await pickSkippedScan(tx, projectId, userId, open));
  if (!scanId) return null;
  return createClaim(tx, { projectId, scanId, userId, timeoutSeconds: project.claimTimeoutSeconds, now });
}

const skippedBy = (userId: string) =>
  Prisma.sql`SELECT 1 FROM "ScanSkip" k WHERE k."scanId" = s.id AND k."userId" = ${userId}`;

/** Scans the reader let go of without reading them: passed over, latest pass last. */
async function recordSkips(
  tx: Prisma.TransactionClient,
  args: { projectId: string; userId: string; scanIds: string[]; now: Date },
): Promise<void> {
  if (args.scanIds.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "ScanSkip" ("userId", "scanId", "projectId", "skippedAt")
    SELECT ${args.userId}, s.id, ${args.projectId}, ${args.now} FROM "Scan" s
    WHERE s.id IN (${Prisma.join(args.scanIds)})
      AND NOT EXISTS (SELECT 1 FROM "Annotation" a WHERE a."scanId" = s.id AND a."authorId" = ${args.userId})
    ON CONFLICT ("userId", "scanId") DO UPDATE SET "skippedAt" = EXCLUDED."skippedAt"`;
}

/** When only passed-over scans are left: the one passed over longest ago. */
async function pickSkippedScan(
  tx: Prisma.TransactionClient,
  projectId: string,
  userId: string,
  condition: Prisma.Sql,
): Promise<string | null> {
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    SELECT s.id FROM "Scan" s JOIN "ScanSkip" k ON k."scanId" = s.id AND k."userId" = ${userId}
    WHERE s."projectId" = ${projectId} AND ${condition}
    ORDER BY k."skippedAt" ASC, s.id
    LIMIT 1 FOR NO KEY UPDATE OF s SKIP LOCKED`;
  return row?.id ?? null;
}

/** The best eligible scan: the review queue by rank, else any scan, least recently served first. */
async function pickScan(
  tx: Prisma.TransactionClient,
  projectId: string,
  condition: Prisma.Sql,
): Promise<string | null> {
  const [queued] = await tx.$queryRaw<{ id: string }[]>`
    SELECT s.id FROM "QueueItem" q JOIN "Scan" s ON s.id = q."scanId"
    WHERE q."projectId" = ${projectId} AND q.queue = 'REVIEW' AND ${condition}
    ORDER BY q.rank ASC, s."lastServedAt" ASC NULLS FIRST, s.id
    LIMIT 1 FOR NO KEY UPDATE OF s SKIP LOCKED`;
  return (
    queued?.id ??
    (
      await tx.$queryRaw<{ id: string }[]>`
        SELECT s.id FROM "Scan" s WHERE s."projectId" = ${projectId} AND ${condition}
        ORDER BY s."lastServedAt" ASC NULLS FIRST, s.id
        LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED`
    )[0]?.id ??
    null
  );
}
