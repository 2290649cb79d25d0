import { AppError } from '@/lib/errors/app-error';
import type { Role } from '@/lib/auth/roles';
import type { Annotation } from '@/lib/labels/annotation';
import { hasAuthored, readCount } from '@/lib/labels/chains';
import { canSeeOthers } from '@/lib/labels/visibility';
import type { ModelKind } from '@/lib/schemas/project';
import type { ClaimView, PredictionView, ScanState } from '@/lib/realtime/protocol';
import type { ScanRowsCache } from '@/server/db/scan-rows-cache';
import { readScanView, scanViewExtra, type ScanViewColumns } from '@/server/store/annotations';
import type { ScanReader } from '@/server/store/sql';
import { readScanRowsWith } from './list-scan-annotations';

export type { ScanViewColumns };

type Viewer = { id: string; role: Role };

/** A scan's rows, exact up to `seq`, with the project settings that decide what a user sees. */
export interface ScanSnapshot {
  title: string;
  rows: Annotation[];
  seq: number;
  blindMode: boolean;
  readsPerScan: number;
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
  const read = await readScanRowsWith<ScanViewColumns>(db, args, scanViewExtra);
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
  const extra = await readScanView(db, args);
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
  const { rows, blindMode, readsPerScan } = a.snapshot;
  const count = readCount(rows);
  const visible = canSeeOthers({
    blindMode,
    authored: hasAuthored(rows, a.user.id),
    role: a.user.role,
    readCount: count,
    readsPerScan,
  });
  return {
    scanId: a.scanId,
    title: a.snapshot.title,
    seq: a.snapshot.seq,
    readsPerScan,
    readCount: count,
    blinded: !visible,
    rows: visible ? rows : rows.filter((r) => r.authorId === a.user.id),
    predictions: visible ? a.predictions : [],
    claim: a.claim,
  };
}

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
