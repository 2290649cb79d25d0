import { describe, expect, it } from 'vitest';
import { emptyTrail, previousScan, recordRead, visit } from '@/components/labeling/reading-trail';
import { describeLabelChange, describePendingAccept } from '@/components/labeling/label-change';
import { labelingKeyCommand } from '@/components/labeling/labeling-keys';
import { currentSection } from '@/components/nav/project-nav';

describe('reading trail', () => {
  it('steps back through the scans opened, and a new scan drops what lay ahead', () => {
    let t = visit(visit(visit(emptyTrail, 'a', false), 'b', false), 'c', false);
    expect(previousScan(t)).toBe('b');
    t = visit(t, 'b', true);
    expect(previousScan(t)).toBe('a');
    t = visit(t, 'a', true);
    expect(previousScan(t)).toBeNull();
    t = visit(t, 'd', false);
    expect(t.scanIds).toEqual(['a', 'd']);
    expect(previousScan(t)).toBe('a');
  });

  it('a scan that replaced the one shown ahead of the claim takes its place in the trail', () => {
    const t = visit(visit(visit(emptyTrail, 'a', false), 'b', false), 'guess', false);
    const replaced = visit(t, 'claimed', false, 'guess');
    expect(replaced.scanIds).toEqual(['a', 'b', 'claimed']);
    expect(previousScan(replaced)).toBe('b');
    // Only the scan on the trail's cursor is replaced; after a step back the new scan goes on top.
    const back = visit(t, 'b', true);
    expect(visit(back, 'claimed', false, 'guess').scanIds).toEqual(['a', 'b', 'claimed']);
    expect(visit(back, 'claimed', false, 'guess').cursor).toBe(2);
  });

  it('reopening the open scan changes nothing; a non-back visit of the previous scan goes forward', () => {
    const t = visit(visit(emptyTrail, 'a', false), 'b', false);
    expect(visit(t, 'b', false)).toBe(t);
    expect(visit(t, 'a', false).scanIds).toEqual(['a', 'b', 'a']);
  });
});

describe('recent reads', () => {
  it('puts a new or changed read first, keeps an unchanged one in place, drops an undone one', () => {
    let r = recordRead([], { scanId: 'a', title: 'A', labels: ['normal'] });
    r = recordRead(r, { scanId: 'b', title: 'B', labels: ['hemorrhage'] });
    expect(r.map((x) => x.scanId)).toEqual(['b', 'a']);
    expect(recordRead(r, { scanId: 'a', title: 'A', labels: ['normal'] }).map((x) => x.scanId)).toEqual(['b', 'a']);
    r = recordRead(r, { scanId: 'a', title: 'A', labels: ['hemorrhage'] });
    expect(r.map((x) => `${x.scanId}:${x.labels.join()}`)).toEqual(['a:hemorrhage', 'b:hemorrhage']);
    expect(recordRead(r, { scanId: 'a', title: 'A', labels: null }).map((x) => x.scanId)).toEqual(['b']);
  });

  it('keeps at most the limit, newest first', () => {
    let r = recordRead([], { scanId: 's0', title: null, labels: ['x'] });
    for (let i = 1; i < 20; i++) r = recordRead(r, { scanId: `s${i}`, title: null, labels: ['x'] }, 5);
    expect(r.map((x) => x.scanId)).toEqual(['s19', 's18', 's17', 's16', 's15']);
  });
});

describe('label change text', () => {
  it('says what changed from what, and what an undo restored', () => {
    const base = { id: 1, scanId: 's', title: 'scan-7.dcm', chain: 'read' as const, undo: false };
    expect(describeLabelChange({ ...base, before: null, after: ['hemorrhage'] })).toBe(
      'Read — scan-7.dcm: no label → hemorrhage',
    );
    expect(describeLabelChange({ ...base, undo: true, before: ['hemorrhage'], after: ['normal'] })).toBe(
      'Undone — scan-7.dcm: hemorrhage → normal',
    );
    expect(describePendingAccept({ scanId: 's', current: ['normal'], predicted: ['hemorrhage'] })).toContain(
      'Press A again',
    );
  });
});

describe('labelling keys', () => {
  const key = (k: string, code = '') => ({
    key: k,
    code,
    shiftKey: false,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
  });
  it('P and Backspace go back; N goes on; digits past the label set do nothing', () => {
    expect(labelingKeyCommand(key('p', 'KeyP'), 2)).toEqual({ type: 'back' });
    expect(labelingKeyCommand(key('Backspace', 'Backspace'), 2)).toEqual({ type: 'back' });
    expect(labelingKeyCommand(key('n', 'KeyN'), 2)).toEqual({ type: 'next' });
    expect(labelingKeyCommand(key('3', 'Digit3'), 2)).toBeNull();
  });
});

describe('project navigation', () => {
  it('marks the deepest section the path is in', () => {
    const base = '/projects/demo';
    expect(currentSection(base, base)).toBe('');
    expect(currentSection(base, `${base}/scans/abc`)).toBe('/scans');
    expect(currentSection(base, `${base}/dashboard/confusion`)).toBe('/dashboard');
    expect(currentSection(base, `${base}/scansx`)).toBeNull();
  });
});
