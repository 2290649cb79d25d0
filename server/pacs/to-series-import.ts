import type { PacsInstanceFailure, PacsSeriesImport } from '@/lib/pacs/series-row';

export interface PacsSeriesRecord {
  state: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  instances: number;
  imported: number;
  duplicates: number;
  failures: unknown;
  error: string | null;
  finishedAt: Date | null;
}

export function toSeriesImport(r: PacsSeriesRecord): PacsSeriesImport {
  return {
    state: r.state === 'SUCCEEDED' ? 'succeeded' : r.state === 'FAILED' ? 'failed' : 'running',
    instances: r.instances,
    imported: r.imported,
    duplicates: r.duplicates,
    failures: Array.isArray(r.failures) ? (r.failures as PacsInstanceFailure[]) : [],
    error: r.error,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}
