import type { PacsFilter } from './source-schema';
import type { PacsSyncStatus } from './sync-status';

/** A source as the API, the page and the CLI see it: never its password or token. */
export interface PacsSourceView {
  id: string;
  name: string;
  baseUrl: string;
  auth: 'none' | 'basic' | 'bearer';
  username: string | null;
  /** A password or token is stored (encrypted). */
  hasSecret: boolean;
  filter: PacsFilter;
  syncIntervalMinutes: number | null;
  sendAfterAdjudication: boolean;
  syncStatus: PacsSyncStatus | null;
  lastSyncAt: string | null;
  seriesImported: number;
  reportsSent: number;
}
