import { z } from 'zod';

export const scanGridFilters = ['needs-my-read', 'disagreement', 'needs-adjudication', 'suspected-error'] as const;
export type ScanGridFilter = (typeof scanGridFilters)[number];
export const scanGridSorts = ['rank', 'uncertainty', 'name', 'imported'] as const;
export type ScanGridSort = (typeof scanGridSorts)[number];
/** Cards per fetched page of the grid. */
export const GRID_PAGE_SIZE = 120;

export const scanSplits = ['TRAIN', 'VALIDATION', 'TEST', 'POOL'] as const;

/** The project page's scan grid: one page of the project's scans, filtered, searched and sorted. */
export const scanGridQuerySchema = z
  .object({
    filter: z.enum(scanGridFilters).optional(),
    label: z.string().trim().min(1).max(64).optional(),
    split: z.enum(scanSplits).optional(),
    /** Queue rank (the review queue's order), uncertainty (its score, highest first), name, import date (newest first). */
    sort: z.enum(scanGridSorts).default('rank'),
    /** Part of the scan's name, any case. */
    q: z.string().trim().max(200).optional(),
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(500).default(120),
  })
  .strict();
export type ScanGridQuery = z.infer<typeof scanGridQuerySchema>;
export type ScanGridQueryInput = z.input<typeof scanGridQuerySchema>;

/** Empty strings from a form or an address count as absent. */
export function parseScanGridQuery(params: URLSearchParams | Record<string, string | undefined>): ScanGridQuery {
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  return scanGridQuerySchema.parse(Object.fromEntries(entries.filter(([, v]) => v !== undefined && v !== '')));
}

export interface ScanGridItem {
  id: string;
  title: string;
  split: (typeof scanSplits)[number];
  importedAt: string;
  /** Place in the review queue (1 first), or null when the scan is not queued for review. */
  rank: number | null;
  /** The review queue's uncertainty score under the project's strategy, or null when not scored. */
  uncertainty: number | null;
  readCount: number;
  /** The user's own current read. */
  mine: string[] | null;
  /** Every label the user may see on the scan (reads and reference; blind mode applied). */
  labels: string[] | null;
  disagreement: boolean;
  queues: ('ADJUDICATION' | 'SUSPECTED_ERROR')[];
}

export interface ScanGridPage {
  /** The project's annotation sequence the cards are current at. */
  seq: number;
  total: number;
  /** Scans of the whole project (whatever the filter) that still need this reader's read. */
  needsMyRead: number;
  offset: number;
  readsPerScan: number;
  items: ScanGridItem[];
}
