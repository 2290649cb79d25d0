import { Prisma } from '@/generated/prisma/client';
import { AppError } from '@/lib/errors/app-error';
import type { Role } from '@/lib/auth/roles';
import type { Annotation } from '@/lib/labels/annotation';
import { hasAuthored, readCount } from '@/lib/labels/chains';
import { canSeeOthers } from '@/lib/labels/visibility';
import type { ModelKind } from '@/lib/schemas/project';
import type { ClaimView, PredictionView, ScanState } from '@/lib/realtime/protocol';
import type { ScanRowsCache } from '@/server/db/scan-rows-cache';
import { queryScan, readScanRowsWith, type ScanReader, type ScanRowsExtra } from './list-scan-annotations';

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
export async function getScanState(
  db: ScanReader,
  args: { projectId: string; scanId: string; user: Viewer; cache?: ScanRowsCache },
): Promise<ScanState> {
  const { projectId, scanId } = args;
  // One statement (a scan is opened with every move in the viewer): rows, predictions, claim.
  const read = await readScanRowsWith<ScanViewColumns>(db, args, view);
  if (!read) throw new AppError({ code: 'NOT_FOUND', message: 'No such scan in this project.' });
  const { scan, extra } = read;
  args.cache?.put(projectId, scanId, scan);
  return scanStateOf({
    scanId,
    user: args.user,
    snapshot: { title: scan.title, rows: scan.rows, ...scan.project },
    ...viewOf(scanId, extra),
  });
}

/** The state from rows already in hand (a submit read them under its lock). */
export async function getScanStateFrom(
  db: ScanReader,
  args: { projectId: string; scanId: string; user: Viewer; snapshot: ScanSnapshot },
): Promise<ScanState> {
  const [extra] = await queryScan<ScanViewColumns>(
    db,
    Prisma.sql`
    SELECT s.id ${view.columns}
    FROM "Project" p
    JOIN "Scan" s ON s."projectId" = p.id AND s.id = ${args.scanId}
    ${view.joins}
    WHERE p.id = ${args.projectId}`,
  );
  if (!extra) throw new AppError({ code: 'NOT_FOUND', message: 'No such scan in this project.' });
  return scanStateWithView(args, extra);
}

/** The state from rows already in hand and the scan's view, read with them (the label write returns it). */
export function scanStateWithView(
  args: { scanId: string; user: Viewer; snapshot: ScanSnapshot },
  extra: ScanViewColumns,
): ScanState {
  return scanStateOf({ ...args, ...viewOf(args.scanId, extra) });
}

function scanStateOf(a: {
  scanId: string;
  user: Viewer;
  snapshot: ScanSnapshot;
  predictions: PredictionView[];
  claim: ClaimView | null;
}): ScanState {
  const { rows, blindMode, labelsRequired } = a.snapshot;
  const count = readCount(rows);
  const visible = canSeeOthers({
    blindMode,
    authored: hasAuthored(rows, a.user.id),
    role: a.user.role,
    readCount: count,
    labelsRequired,
  });
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

/** The scan_view columns (the database function): the scan's predictions by active model versions and its live claim. */
export type ScanViewColumns = {
  predictions: PredictionView[];
  claimId: string | null;
  claimUserId: string | null;
  claimUserName: string | null;
  claimExpiresAt: Date | null;
};

/**
 * What the viewer shows besides the rows, as columns of the scan: its predictions by the
 * project's active model versions (one per model kind) and its active claim, if any. The
 * database function scan_view (prisma/migrations/20261121000500_reveal_in_write), which
 * the label write also answers with.
 */
const view: ScanRowsExtra = {
  columns: Prisma.sql`, v.predictions, v."claimId", v."claimUserId", v."claimUserName", v."claimExpiresAt"`,
  joins: Prisma.sql`CROSS JOIN LATERAL "scan_view"(p.id, s.id) v`,
};

const kindOrder: ModelKind[] = ['CNN', 'RESNET', 'RESNET50'];

function viewOf(scanId: string, v: ScanViewColumns): { predictions: PredictionView[]; claim: ClaimView | null } {
  const predictions = [...v.predictions].sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind));
  const claim = v.claimId
    ? {
        claimId: v.claimId,
        scanId,
        userId: v.claimUserId!,
        userName: v.claimUserName!,
        expiresAt: new Date(v.claimExpiresAt!).toISOString(),
      }
    : null;
  return { predictions, claim };
}
