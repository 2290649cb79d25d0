import { AppError } from '@/lib/errors/app-error';
import type { NewScanRecord, PriorLabelSource, ScanSink } from './import-port';

export interface MemorySink extends ScanSink {
  scans: (NewScanRecord & { id: string })[];
  labels: { scanId: string; label: string; source: PriorLabelSource }[];
}

/** The in-memory ScanSink: tests, benchmarks and `neuroloop import --dry-run`. */
export function createMemorySink(): MemorySink {
  const byHash = new Map<string, string>();
  const labelKeys = new Set<string>();
  const sink: MemorySink = {
    scans: [],
    labels: [],
    async findScanByContentHash(contentHash) {
      const id = byHash.get(contentHash);
      return id ? { id } : null;
    },
    async saveScan(record) {
      if (byHash.has(record.contentHash)) throw new AppError({ code: 'CONFLICT', message: 'scan exists' });
      const id = `scan_${sink.scans.length + 1}`;
      byHash.set(record.contentHash, id);
      sink.scans.push({ ...record, id });
      return { id };
    },
    async addPriorLabel(scanId, label, source) {
      if (labelKeys.has(source.idempotencyKey)) return;
      labelKeys.add(source.idempotencyKey);
      sink.labels.push({ scanId, label, source });
    },
  };
  return sink;
}
