import { describe, expect, it } from 'vitest';
import { gridHeadsOf, gridItemOf, pageOfGrid, type GridQueues, type GridScan } from '@/lib/labels/scan-grid';
import { parseScanGridQuery } from '@/lib/schemas/scan-grid';
import { annotationRow } from '../../helpers/realtime-rows';

const ctx = { blindMode: true, readsPerScan: 2 };
const lead = { id: 'lead', role: 'LEAD' as const };
const ann = { id: 'ann', role: 'ANNOTATOR' as const };

const scan = (i: number, over: Partial<GridScan> = {}): GridScan => ({
  id: `s${i}`,
  title: `case-${i}.dcm`,
  split: 'POOL',
  importedAt: new Date(Date.UTC(2026, 0, i)),
  ...over,
});
const read = (scanId: string, authorId: string, label: string) =>
  annotationRow({ scanId, authorId, value: { labels: [label] } });

function queues(): GridQueues {
  return {
    review: new Map([
      ['s3', { rank: 1, score: 0.2 }],
      ['s1', { rank: 2, score: 0.9 }],
    ]),
    adjudication: new Set(['s2']),
    suspectedError: new Set(['s4']),
  };
}

/** s1: no reads; s2: bob normal, cat bleed (disagree); s3: ann bleed; s4: bob normal, cat normal; s10: imported prior only. */
function cards(viewer: typeof lead | typeof ann) {
  const rows = {
    s2: [read('s2', 'bob', 'normal'), read('s2', 'cat', 'bleed')],
    s3: [read('s3', 'ann', 'bleed')],
    s4: [read('s4', 'bob', 'normal'), read('s4', 'cat', 'normal')],
    s10: [
      annotationRow({
        scanId: 's10',
        authorId: 'imp',
        source: 'IMPORT',
        action: 'IMPORT',
        value: { labels: ['bleed'] },
      }),
    ],
  } as Record<string, ReturnType<typeof read>[]>;
  return [1, 2, 3, 4, 10].map((i) => gridItemOf(scan(i), gridHeadsOf(rows[`s${i}`] ?? []), queues(), viewer, ctx));
}

const ids = (viewer: typeof lead | typeof ann, q: Record<string, string>) =>
  pageOfGrid(cards(viewer), parseScanGridQuery(q), { ...ctx, seq: 0 }).items.map((s) => s.id);

describe('scan grid: filters, search, sort', () => {
  it('filters by what the viewer needs and may see', () => {
    expect(ids(ann, { filter: 'needs-my-read', sort: 'name' })).toEqual(['s1', 's10']);
    // The count on "Start labelling" is the project's, whatever the filter or search shows.
    for (const q of [{}, { filter: 'suspected-error' }, { q: 's10' }])
      expect(pageOfGrid(cards(ann), parseScanGridQuery(q), { ...ctx, seq: 0 }).needsMyRead).toBe(2);
    expect(ids(lead, { filter: 'disagreement' })).toEqual(['s2']);
    expect(ids(lead, { filter: 'needs-adjudication' })).toEqual(['s2']);
    expect(ids(lead, { filter: 'suspected-error' })).toEqual(['s4']);
    expect(ids(lead, { label: 'normal', sort: 'name' })).toEqual(['s2', 's4']);
    // Blind mode: an annotator who has not read s2 or s4 finds neither by label nor by disagreement.
    expect(ids(ann, { label: 'normal' })).toEqual([]);
    expect(ids(ann, { filter: 'disagreement' })).toEqual([]);
    expect(ids(ann, { label: 'bleed' })).toEqual(['s3']);
    expect(ids(lead, { split: 'TRAIN' })).toEqual([]);
  });

  it('an imported prior label is not a read', () => {
    const prior = cards(lead).find((c) => c.id === 's10')!;
    expect(prior.readCount).toBe(0);
    expect(prior.labels).toBeNull(); // blind mode hides a prior like any other label until the reads are in
    const priorRow = annotationRow({
      scanId: 's10',
      authorId: 'imp',
      source: 'IMPORT',
      action: 'IMPORT',
      value: { labels: ['bleed'] },
    });
    const open = gridItemOf(scan(10), gridHeadsOf([priorRow]), queues(), lead, { blindMode: false, readsPerScan: 2 });
    expect([open.readCount, open.labels, open.disagreement]).toEqual([0, ['bleed'], false]);
  });

  it('sorts by queue rank (unranked last), uncertainty (highest first), name (numeric) and import date (newest first)', () => {
    expect(ids(lead, { sort: 'rank' })).toEqual(['s3', 's1', 's2', 's4', 's10']);
    expect(ids(lead, { sort: 'uncertainty' })).toEqual(['s1', 's3', 's2', 's4', 's10']);
    expect(ids(lead, { sort: 'name' })).toEqual(['s1', 's2', 's3', 's4', 's10']);
    expect(ids(lead, { sort: 'imported' })).toEqual(['s10', 's4', 's3', 's2', 's1']);
  });

  it('searches by name, pages, and refuses bad input with a reason', () => {
    expect(ids(lead, { q: 'CASE-1', sort: 'name' })).toEqual(['s1', 's10']);
    const page = pageOfGrid(cards(lead), parseScanGridQuery({ sort: 'name', offset: '1', limit: '2' }), {
      readsPerScan: 2,
      seq: 7,
    });
    expect([page.seq, page.total, page.offset, page.items.map((s) => s.id)]).toEqual([7, 5, 1, ['s2', 's3']]);
    expect(() => parseScanGridQuery({ sort: 'size' })).toThrow(/sort/);
    expect(() => parseScanGridQuery({ limit: '100000' })).toThrow(/limit/);
    expect(() => parseScanGridQuery({ colour: 'red' })).toThrow(/colour|Unrecognized/);
  });
});
