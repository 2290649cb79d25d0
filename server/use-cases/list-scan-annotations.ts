import { scanTitle } from '@/lib/imaging/scan-title';
import { annotationValueSchema, type Annotation } from '@/lib/labels/annotation';
import type { TaskType } from '@/lib/labels/label-set';
import {
  findScanAnnotations,
  NO_EXTRA,
  readScanRowRecords,
  type AnnotationRecord,
  type ScanRowsExtra,
} from '@/server/store/annotations';
import type { DbOrTx, Json } from '@/server/store/handle';
import type { ScanReader } from '@/server/store/sql';

/** A stored row as the app and the wire see it (seq as a number, value checked). */
export function toAnnotation(r: AnnotationRecord): Annotation {
  const value = annotationValueSchema.nullable().safeParse(r.value ?? null);
  return {
    id: r.id,
    seq: Number(r.seq),
    scanId: r.scanId,
    authorId: r.authorId,
    authorName: r.author.name,
    source: r.source,
    action: r.action,
    value: value.success ? value.data : null,
    supersedesId: r.supersedesId,
    predictionId: r.predictionId,
    idempotencyKey: r.idempotencyKey,
    createdAt: r.createdAt.toISOString(),
  };
}

/** Every annotation of the given scans, in commit order. */
export async function listScanAnnotations(
  db: DbOrTx,
  scanIds: readonly string[],
  upToSeq?: number,
): Promise<Annotation[]> {
  if (scanIds.length === 0) return [];
  const rows = await findScanAnnotations(db, scanIds, upToSeq);
  return rows.map(toAnnotation);
}

/** A scan's rows with what labelling needs of its project, all from one snapshot. */
export interface ScanRows {
  title: string;
  rows: Annotation[];
  project: { seq: number; blindMode: boolean; readsPerScan: number; labels: string[]; task: TaskType };
}

/**
 * One round trip: the project's settings and sequence, whether the scan is in the
 * project, and its rows with their authors' names, in commit order. One statement, so
 * the rows are exactly those up to `project.seq`. Null when there is no such scan.
 */
export async function readScanRows(
  db: ScanReader,
  args: { projectId: string; scanId: string },
): Promise<ScanRows | null> {
  return (await readScanRowsWith<object>(db, args, NO_EXTRA))?.scan ?? null;
}

/** readScanRows with `extra` columns of the scan, read in the same statement (the first row's). */
export async function readScanRowsWith<X extends object>(
  db: ScanReader,
  args: { projectId: string; scanId: string },
  extra: ScanRowsExtra,
): Promise<{ scan: ScanRows; extra: X } | null> {
  const raw = await readScanRowRecords<X>(db, args, extra);
  const first = raw[0];
  if (!first) return null;
  const rows = raw
    .filter((r) => r.id !== null)
    .map((r) =>
      toAnnotation({
        id: r.id as string,
        seq: BigInt(r.seq!),
        scanId: r.scanId,
        authorId: r.authorId as string,
        source: r.source as Annotation['source'],
        action: r.action as Annotation['action'],
        value: r.value as Json,
        supersedesId: r.supersedesId,
        predictionId: r.predictionId,
        idempotencyKey: r.idempotencyKey as string,
        createdAt: r.createdAt as Date,
        author: { name: r.authorName ?? '' },
      }),
    );
  const project = {
    seq: Number(first.projectSeq),
    blindMode: first.blindMode,
    readsPerScan: first.readsPerScan,
    labels: first.labels,
    task: first.task,
  };
  return { scan: { title: scanTitle(first), rows, project }, extra: first };
}
