import { describe, expect, it } from 'vitest';
import { encodeReads } from '@/lib/agreement/encode';
import { parseReadsCsv } from '@/lib/agreement/read-table';
import { isAppError } from '@/lib/errors/app-error';

function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (isAppError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('encodeReads', () => {
  it('groups by item, sorts readers and categories naturally, keeps a later read', () => {
    const data = encodeReads([
      { item: 's2', reader: 'r10', label: '10' },
      { item: 's1', reader: 'r2', label: '9' },
      { item: 's2', reader: 'r2', label: '9' },
      { item: 's2', reader: 'r10', label: '9' },
    ]);
    expect(data.items).toEqual(['s2', 's1']);
    expect(data.readers).toEqual(['r2', 'r10']);
    expect(data.categories).toEqual(['9', '10']);
    expect(Array.from(data.itemStart)).toEqual([0, 2, 3]);
    expect(Array.from(data.reader)).toEqual([1, 0, 0]);
    expect(Array.from(data.label)).toEqual([0, 0, 0]);
  });

  it('rejects labels outside the given categories, and repeated categories', () => {
    const reads = [{ item: 'a', reader: 'r', label: 'x' }];
    expect(errorOf(() => encodeReads(reads, { categories: ['y'] }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(errorOf(() => encodeReads(reads, { categories: ['x', 'x'] }))).toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('parseReadsCsv', () => {
  it('reads any column order, quotes, CRLF, a BOM and blank lines', () => {
    const text = '\uFEFFLabel,Item,reader,note\r\n"bleed, small",scan 1,ann,"said ""maybe"""\r\n\r\nnone,scan 2,bob,\n';
    expect(parseReadsCsv(text)).toEqual([
      { item: 'scan 1', reader: 'ann', label: 'bleed, small' },
      { item: 'scan 2', reader: 'bob', label: 'none' },
    ]);
  });

  it('explains an empty file, a bad header and a header without rows', () => {
    expect(errorOf(() => parseReadsCsv(' \n'))).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/empty file/),
    });
    expect(errorOf(() => parseReadsCsv('scan,reader,label\na,b,c\n')).message).toMatch(/line 1: .*missing: item/);
    expect(errorOf(() => parseReadsCsv('item,reader,label\n')).message).toMatch(/header only/);
  });

  it('reports every bad row with its line number', () => {
    const text = 'item,reader,label\na,r1,x\nb,r1\n\nc,,x\n"d\nd",r2,y\ne,r3,"open\n';
    const { message } = errorOf(() => parseReadsCsv(text));
    expect(message).toMatch(/line 8: a quoted field is never closed/);
    const withoutOpenQuote = errorOf(() => parseReadsCsv(text.split('e,r3')[0])).message;
    expect(withoutOpenQuote).toMatch(
      /^2 bad row\(s\):\nline 3: 2 field\(s\) where the header has 3\nline 5: empty reader$/,
    );
  });
});
