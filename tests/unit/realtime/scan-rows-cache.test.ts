import { describe, expect, it } from 'vitest';
import { ScanRowsCache } from '@/server/db/scan-rows-cache';
import type { ScanRows } from '@/server/use-cases/list-scan-annotations';

const rowsAt = (seq: number, title = 'scan'): ScanRows => ({
  title,
  rows: [],
  project: { seq, blindMode: true, readsPerScan: 2, labels: ['a', 'b'], task: 'BINARY' },
});

describe('ScanRowsCache', () => {
  it('keys by project and scan', () => {
    const c = new ScanRowsCache();
    c.put('p1', 's1', rowsAt(3));
    expect(c.get('p1', 's1')?.project.seq).toBe(3);
    expect(c.get('p2', 's1')).toBeUndefined();
  });

  it('keeps the later basis when two submits finish out of order', () => {
    const c = new ScanRowsCache();
    c.put('p', 's', rowsAt(9, 'later'));
    c.put('p', 's', rowsAt(7, 'earlier'));
    expect(c.get('p', 's')?.title).toBe('later');
    c.put('p', 's', rowsAt(12, 'newest'));
    expect(c.get('p', 's')?.title).toBe('newest');
  });

  it('drops the least recently used beyond its capacity, and forgets on request', () => {
    const c = new ScanRowsCache(2);
    c.put('p', 'a', rowsAt(1));
    c.put('p', 'b', rowsAt(2));
    c.get('p', 'a'); // a is now the most recent
    c.put('p', 'c', rowsAt(3));
    expect(c.get('p', 'b')).toBeUndefined();
    expect(c.get('p', 'a')).toBeDefined();
    expect(c.size).toBe(2);
    c.forget('p', 'a');
    expect(c.get('p', 'a')).toBeUndefined();
  });
});
