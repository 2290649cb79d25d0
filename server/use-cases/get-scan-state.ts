import { AppError } from '@/lib/errors/app-error';
import type { Role } from '@/lib/auth/roles';
import type { Annotation } from '@/lib/labels/annotation';
import { hasAuthored, readCount } from '@/lib/labels/chains';
import { canSeeOthers } from '@/lib/labels/visibility';
import type { ClaimView, PredictionView, ScanState } from '@/lib/realtime/protocol';
import type { Db } from '@/server/db/client';
import type { ScanRowsCache } from '@/server/db/scan-rows-cache';
import { readScanRows } from './list-scan-annotations';
import { listScanPredictions } from './list-scan-predictions';

type Viewer = { id: string; role: Role };

/** A scan's rows, exact up to `seq`, with the project settings that decide what a user sees. */
export interface ScanSnapshot {
  title: string;
  rows: Annotation[];
  seq: number;
  blindMode: boolean;
  labelsRequired: number;
}

/**
 * One scan as one user may see it now: while blind mode hides the others (the user has
 * not read it yet), only the user's own rows and no predictions. The rows read refresh
 * `cache` (the server's copy that the next submit plans against).
 */
export async function getScanState(db: Db, args: { projectId: string; scanId: string; user: Viewer; cache?: ScanRowsCache }): Promise<ScanState> {
  const { projectId, scanId } = args;
  const [scan, predictions, claim] = await Promise.all([readScanRows(db, args), listScanPredictions(db, projectId, scanId), activeClaim(db, scanId)]);
  if (!scan) throw new AppError({ code: 'NOT_FOUND', message: 'No such scan in this project.' });
  args.cache?.put(projectId, scanId, scan);
  return scanStateOf({ scanId, user: args.user, snapshot: { title: scan.title, rows: scan.rows, ...scan.project }, predictions, claim });
}

/** The state from rows already in hand (a submit read them under its lock). */
export async function getScanStateFrom(db: Db, args: { projectId: string; scanId: string; user: Viewer; snapshot: ScanSnapshot }): Promise<ScanState> {
  const [predictions, claim] = await Promise.all([listScanPredictions(db, args.projectId, args.scanId), activeClaim(db, args.scanId)]);
  return scanStateOf({ ...args, predictions, claim });
}

function scanStateOf(a: { scanId: string; user: Viewer; snapshot: ScanSnapshot; predictions: PredictionView[]; claim: ClaimView | null }): ScanState {
  const { rows, blindMode, labelsRequired } = a.snapshot;
  const count = readCount(rows);
  const visible = canSeeOthers({ blindMode, authored: hasAuthored(rows, a.user.id), role: a.user.role, readCount: count, labelsRequired });
  return {
    scanId: a.scanId,
    title: a.snapshot.title,
    seq: a.snapshot.seq,
    labelsRequired,
    readCount: count,
    blinded: !visible,
    rows: visible ? rows : rows.filter((r) => r.authorId === a.user.id),
    predictions: visible ? a.predictions : [],
    claim: a.claim,
  };
}

async function activeClaim(db: Db, scanId: string): Promise<ClaimView | null> {
  const [c] = await db.$queryRaw<{ claimId: string; userId: string; userName: string; expiresAt: Date }[]>`
    SELECT c.id AS "claimId", c."userId", u.name AS "userName", c."expiresAt"
    FROM "Claim" c JOIN "User" u ON u.id = c."userId"
    WHERE c."scanId" = ${scanId} AND c.state = 'ACTIVE' AND c."expiresAt" > now()`;
  return c ? { claimId: c.claimId, scanId, userId: c.userId, userName: c.userName, expiresAt: c.expiresAt.toISOString() } : null;
}
