import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from '@/server/export/csv';

describe('CSV exports and spreadsheet formulas', () => {
  it.each([
    ['=HYPERLINK("https://evil.example","open")'],
    ['+1+cmd|"/c calc"!A0'],
    ['-2+3'],
    ['@SUM(A1:A9)'],
    ['\t=1+1'],
    ['\r=1+1'],
  ])('prefixes a text cell a spreadsheet would evaluate: %j', (value) => {
    const text = toCsv(['name'], [{ name: value }]);
    const line = text.split('\r\n')[1]!;
    // The cell's first character (after an opening quote, if quoted) is the apostrophe.
    expect(line.replace(/^"/, '')[0]).toBe("'");
    expect(parseCsv(text)).toEqual([{ name: value }]);
  });

  it('leaves numbers, plain text and inner signs alone', () => {
    const text = toCsv(['a', 'b', 'c', 'd'], [{ a: -0.25, b: 'glioma', c: 'a=b', d: "it's" }]);
    expect(text.split('\r\n')[1]).toBe("-0.25,glioma,a=b,it's");
  });

  it('reads back text that itself starts with apostrophes before a formula character', () => {
    const rows = [{ a: "'=1", b: "''+x", c: "'plain" }];
    const text = toCsv(['a', 'b', 'c'], rows);
    expect(text.split('\r\n')[1]).toBe("''=1,'''+x,'plain");
    expect(parseCsv(text)).toEqual(rows);
  });
});
