import type { LabelsExport } from '@/server/use-cases/export-labels';
import { toCsv, type CsvValue } from './csv';

/** Multi-label answers in one cell: labels joined by this (a retracted read is an empty cell). */
export const LABEL_SEPARATOR = '|';

const labelsCsvColumns = [
  'scan_id',
  'content_hash',
  'original_name',
  'modality',
  'split',
  'reference_status',
  'reference_label',
  'reference_rule',
  'annotation_id',
  'seq',
  'chain',
  'author_id',
  'author_email',
  'source',
  'action',
  'labels',
  'supersedes_id',
  'prediction_id',
  'current',
  'created_at',
] as const;

/**
 * One line per annotation row (the full history), each with its scan's allow-listed fields
 * and reference label; `current` marks each reader's current read and the adjudication in
 * force. A scan nobody has read is one line with empty annotation columns.
 */
export function labelsToCsv(exp: LabelsExport): string {
  const emails = new Map(exp.readers.map((r) => [r.id, r.email]));
  const rows: Record<string, CsvValue>[] = [];
  for (const s of exp.scans) {
    const scan = {
      scan_id: s.id,
      content_hash: s.contentHash,
      original_name: s.originalName,
      modality: s.modality,
      split: s.split,
      reference_status: s.reference.status,
      reference_label: s.reference.label,
      reference_rule: s.reference.rule,
    };
    if (s.history.length === 0) rows.push(scan);
    for (const a of s.history) {
      rows.push({
        ...scan,
        annotation_id: a.id,
        seq: a.seq,
        chain: a.source === 'ADJUDICATION' ? 'reference' : 'read',
        author_id: a.authorId,
        author_email: emails.get(a.authorId),
        source: a.source,
        action: a.action,
        labels: a.labels?.join(LABEL_SEPARATOR),
        supersedes_id: a.supersedesId,
        prediction_id: a.predictionId,
        current: a.current,
        created_at: a.createdAt,
      });
    }
  }
  return toCsv(labelsCsvColumns, rows);
}
