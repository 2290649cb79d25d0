import type { ScanRows } from '@/server/use-cases/list-scan-annotations';

/**
 * The rows of the scans this server labelled or read lately, each exact up to its
 * `project.seq` (the basis a submit plans against). Never trusted blindly: the write
 * refuses a plan when the scan gained a row after the basis (through another server, an
 * import) or the settings changed, and the submit then reads afresh. A stale entry costs a
 * retry, never a wrong row; a hit saves the read round trip before every label.
 * Least recently used entries go first beyond `capacity`.
 */
export class ScanRowsCache {
  private readonly entries = new Map<string, ScanRows>();

  constructor(private readonly capacity = 5_000) {}

  get(projectId: string, scanId: string): ScanRows | undefined {
    const key = keyOf(projectId, scanId);
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  put(projectId: string, scanId: string, rows: ScanRows): void {
    const key = keyOf(projectId, scanId);
    const known = this.entries.get(key);
    // Two submits may finish out of order: keep the later basis.
    if (known && known.project.seq > rows.project.seq) return;
    this.entries.delete(key);
    this.entries.set(key, rows);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(projectId: string, scanId: string): void {
    this.entries.delete(keyOf(projectId, scanId));
  }

  get size(): number {
    return this.entries.size;
  }
}

const keyOf = (projectId: string, scanId: string) => `${projectId}\u0000${scanId}`;
