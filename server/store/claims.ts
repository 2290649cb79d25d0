import { Prisma } from '@/generated/prisma/client';
import type { DbOrTx, Tx } from './handle';

/** What claiming reads of the project: the reads a scan needs and how long a claim lasts. */
export function findClaimSettings(tx: DbOrTx, projectId: string) {
  return tx.project.findUniqueOrThrow({
    where: { id: projectId },
    select: { readsPerScan: true, claimTimeoutSeconds: true },
  });
}

/** How long a claim of the project lasts. */
export function findClaimTimeout(tx: DbOrTx, projectId: string) {
  return tx.project.findUniqueOrThrow({
    where: { id: projectId },
    select: { claimTimeoutSeconds: true },
  });
}

/** The reads a scan of the project needs. */
export function findReadsPerScan(db: DbOrTx, projectId: string) {
  return db.project.findUniqueOrThrow({
    where: { id: projectId },
    select: { readsPerScan: true },
  });
}

/** Ends the ACTIVE claims overdue at `now` as EXPIRED: of one project, of one scan, or all (`{}`). */
export async function expireOverdueClaims(
  db: DbOrTx,
  scope: { projectId: string } | { scanId: string } | Record<string, never>,
  now: Date,
): Promise<number> {
  const { count } = await db.claim.updateMany({
    where: { ...scope, state: 'ACTIVE', expiresAt: { lte: now } },
    data: { state: 'EXPIRED', endedAt: now },
  });
  return count;
}

/** Ends a user's ACTIVE claims as RELEASED: one claim by id, or all of theirs in a project. */
export async function releaseActiveClaims(
  db: DbOrTx,
  args: { userId: string; now: Date } & ({ claimId: string } | { projectId: string }),
): Promise<number> {
  const target = 'claimId' in args ? { id: args.claimId } : { projectId: args.projectId };
  const { count } = await db.claim.updateMany({
    where: { ...target, userId: args.userId, state: 'ACTIVE' },
    data: { state: 'RELEASED', endedAt: args.now },
  });
  return count;
}

/** Ends a user's ACTIVE claims of a project as RELEASED; the scans they held. */
export function releaseActiveClaimsReturningScans(tx: DbOrTx, args: { projectId: string; userId: string; now: Date }) {
  return tx.claim.updateManyAndReturn({
    where: { projectId: args.projectId, userId: args.userId, state: 'ACTIVE' },
    data: { state: 'RELEASED', endedAt: args.now },
    select: { scanId: true },
  });
}

/** The scan's ACTIVE claim, if any. */
export function findActiveClaimOnScan(tx: DbOrTx, scanId: string) {
  return tx.claim.findFirst({ where: { scanId, state: 'ACTIVE' }, select: { id: true } });
}

/** Inserts an ACTIVE claim; with its holder's name. */
export function insertClaim(tx: DbOrTx, data: { projectId: string; scanId: string; userId: string; expiresAt: Date }) {
  return tx.claim.create({
    data: { projectId: data.projectId, scanId: data.scanId, userId: data.userId, expiresAt: data.expiresAt },
    select: { id: true, expiresAt: true, user: { select: { name: true } } },
  });
}

/** Chain heads of scan s with a value: current reads (kind READ) or a reference label (kind ADJUDICATION). */
const heads = (kind: 'READ' | 'ADJUDICATION') => Prisma.sql`
  SELECT 1 FROM "Annotation" h
  WHERE h."scanId" = s.id AND ${kind === 'READ' ? Prisma.sql`h.source <> 'ADJUDICATION'` : Prisma.sql`h.source = 'ADJUDICATION'`}
    AND h.value IS NOT NULL AND jsonb_typeof(h.value) <> 'null'
    AND NOT EXISTS (SELECT 1 FROM "Annotation" n WHERE n."supersedesId" = h.id)`;

/** A scan the user may be given: not read by them, short of its reads, not adjudicated, held by nobody. */
const eligible = (userId: string, readsPerScan: number) => Prisma.sql`
  NOT EXISTS (SELECT 1 FROM "Annotation" a WHERE a."scanId" = s.id AND a."authorId" = ${userId})
  AND NOT EXISTS (SELECT 1 FROM "Claim" c WHERE c."scanId" = s.id AND c.state = 'ACTIVE')
  AND NOT EXISTS (${heads('ADJUDICATION')})
  AND (SELECT count(*) FROM (${heads('READ')}) r) < ${readsPerScan}`;

const skippedBy = (userId: string) =>
  Prisma.sql`SELECT 1 FROM "ScanSkip" k WHERE k."scanId" = s.id AND k."userId" = ${userId}`;

/** Scans the reader let go of without reading them: passed over, latest pass last. */
export async function recordSkips(
  tx: DbOrTx,
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

/**
 * The best eligible scan the user has not passed over, locked: the review queue by rank,
 * else any scan, least recently served first. SKIP LOCKED keeps two concurrent presses
 * off one scan (NO KEY UPDATE: labels' foreign-key checks on the scan need not wait).
 */
export async function pickOpenScan(
  tx: Tx,
  args: { projectId: string; userId: string; readsPerScan: number },
): Promise<string | null> {
  const open = eligible(args.userId, args.readsPerScan);
  return pickScan(tx, args.projectId, Prisma.sql`${open} AND NOT EXISTS (${skippedBy(args.userId)})`);
}

async function pickScan(tx: Tx, projectId: string, condition: Prisma.Sql): Promise<string | null> {
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

/** Of the eligible scans the user passed over, the one passed over longest ago, locked. */
export async function pickSkippedScan(
  tx: Tx,
  args: { projectId: string; userId: string; readsPerScan: number },
): Promise<string | null> {
  const { projectId, userId } = args;
  const condition = eligible(userId, args.readsPerScan);
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    SELECT s.id FROM "Scan" s JOIN "ScanSkip" k ON k."scanId" = s.id AND k."userId" = ${userId}
    WHERE s."projectId" = ${projectId} AND ${condition}
    ORDER BY k."skippedAt" ASC, s.id
    LIMIT 1 FOR NO KEY UPDATE OF s SKIP LOCKED`;
  return row?.id ?? null;
}

/**
 * The eligible scans in the order claiming picks them, at most `count`: the review queue
 * by rank, then the rest least recently served first, and the scans the user passed over
 * last, longest ago first. Nothing is locked.
 */
export function peekEligibleScans(
  db: DbOrTx,
  args: { projectId: string; userId: string; readsPerScan: number; count: number },
): Promise<{ id: string }[]> {
  return db.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT s.id FROM "Scan" s
    LEFT JOIN "QueueItem" q ON q."scanId" = s.id AND q."projectId" = ${args.projectId} AND q.queue = 'REVIEW'
    LEFT JOIN "ScanSkip" k ON k."scanId" = s.id AND k."userId" = ${args.userId}
    WHERE s."projectId" = ${args.projectId} AND ${eligible(args.userId, args.readsPerScan)}
    ORDER BY (k."scanId" IS NOT NULL), k."skippedAt" ASC, (q.rank IS NULL), q.rank ASC,
      s."lastServedAt" ASC NULLS FIRST, s.id
    LIMIT ${args.count}`);
}
