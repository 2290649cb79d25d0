import { findReadsPerScan, peekEligibleScans } from '@/server/store/claims';
import type { Db } from '@/server/store/handle';

/** How many upcoming scans a reader's page loads ahead. */
export const MAX_PEEK = 5;

/**
 * The scans "Next" would give this reader, best first, without claiming any: the review
 * queue by rank, then the rest least recently served first, and the scans this reader passed
 * over last, longest ago first, as claimNextScan picks. The
 * reader's own open claim is excluded (Next releases it and moves on). A hint for loading
 * ahead only: another reader may claim one of them first, and Next then serves another.
 */
export async function peekNextScans(
  db: Db,
  args: { projectId: string; userId: string; count: number },
): Promise<{ scanIds: string[] }> {
  const count = Math.max(0, Math.min(MAX_PEEK, Math.floor(args.count)));
  if (count === 0) return { scanIds: [] };
  const project = await findReadsPerScan(db, args.projectId);
  const rows = await peekEligibleScans(db, {
    projectId: args.projectId,
    userId: args.userId,
    readsPerScan: project.readsPerScan,
    count,
  });
  return { scanIds: rows.map((r) => r.id) };
}
