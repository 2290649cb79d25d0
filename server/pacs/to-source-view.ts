import type { PacsSourceView } from '@/lib/pacs/source-view';
import { pacsFilterSchema } from '@/lib/pacs/source-schema';
import { readPacsSyncStatus } from '@/lib/pacs/sync-status';

export interface SourceRow {
  id: string;
  name: string;
  baseUrl: string;
  auth: 'NONE' | 'BASIC' | 'BEARER';
  username: string | null;
  secretCiphertext: string | null;
  filter: unknown;
  syncIntervalMinutes: number | null;
  sendAfterAdjudication: boolean;
  syncStatus: unknown;
  lastSyncAt: Date | null;
  _count?: { series: number; reports: number };
}

export function toSourceView(row: SourceRow): PacsSourceView {
  const filter = pacsFilterSchema.safeParse(row.filter);
  return {
    id: row.id,
    name: row.name,
    baseUrl: row.baseUrl,
    auth: row.auth.toLowerCase() as PacsSourceView['auth'],
    username: row.username,
    hasSecret: row.secretCiphertext !== null,
    filter: filter.success ? filter.data : {},
    syncIntervalMinutes: row.syncIntervalMinutes,
    sendAfterAdjudication: row.sendAfterAdjudication,
    syncStatus: readPacsSyncStatus(row.syncStatus),
    lastSyncAt: row.lastSyncAt?.toISOString() ?? null,
    seriesImported: row._count?.series ?? 0,
    reportsSent: row._count?.reports ?? 0,
  };
}
