/** A cell as written: null and undefined are empty, numbers keep every digit (they read back equal). */
export type CsvValue = string | number | boolean | null | undefined;

const needsQuotes = /[",\r\n]|^\s|\s$/;

/**
 * Text a spreadsheet would run as a formula (= + - @, or a tab or CR before one) gets a
 * leading apostrophe; so does text that already starts with apostrophes before such a
 * character, so that parseCsv can take exactly one off and read back what was written.
 */
const formulaLike = /^'*[=+\-@\t\r]/;
const escapedFormula = /^'+[=+\-@\t\r]/;

function cell(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  const raw = typeof v === 'string' ? v : String(v);
  const s = typeof v === 'string' && formulaLike.test(raw) ? `'${raw}` : raw;
  return needsQuotes.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function unescapeFormula(field: string): string {
  return escapedFormula.test(field) ? field.slice(1) : field;
}

/** RFC 4180 CSV with a header line and CRLF line ends. */
export function toCsv(columns: readonly string[], rows: readonly Record<string, CsvValue>[]): string {
  const lines = [columns.map(cell).join(',')];
  for (const row of rows) lines.push(columns.map((c) => cell(row[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** Reads back what toCsv writes (and any RFC 4180 text): one record per row, keyed by the header. */
export function parseCsv(text: string): Record<string, string>[] {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let inQuotes = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (inQuotes) {
      if (ch !== '"') field += ch;
      else if (src[i + 1] === '"') field += src[++i];
      else inQuotes = false;
    } else if (ch === '"') {
      inQuotes = true;
    } else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      records.push([...record, field]);
      record = [];
      field = '';
    } else {
      field += ch;
    }
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  const [header = [], ...body] = records;
  return body.map((values) => Object.fromEntries(header.map((h, j) => [h, unescapeFormula(values[j] ?? '')])));
}
