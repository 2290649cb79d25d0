import { AppError } from '@/lib/errors/app-error';
import type { Read } from './types';

const required = ['item', 'reader', 'label'] as const;
const maxReported = 20;

/**
 * Parses a CSV table of reads (RFC 4180: quoted fields, "" inside quotes, CRLF or LF).
 * The header is required and must name the columns item, reader and label (any order,
 * any case; other columns are ignored). Values are trimmed. Every bad row is reported
 * with its line number.
 */
export function parseReadsCsv(text: string): Read[] {
  const records = splitRecords(text.replace(/^\uFEFF/, ''));
  if (records.length === 0) {
    throw new AppError({ code: 'BAD_REQUEST', message: 'empty file: expected a header line "item,reader,label"' });
  }
  const columns = headerColumns(records[0].fields);
  const problems: string[] = [];
  const reads: Read[] = [];
  for (const { line, fields } of records.slice(1)) {
    const problem = rowProblem(fields, records[0].fields.length, columns);
    if (problem) problems.push(`line ${line}: ${problem}`);
    else
      reads.push({
        item: fields[columns.item].trim(),
        reader: fields[columns.reader].trim(),
        label: fields[columns.label].trim(),
      });
  }
  if (problems.length > 0) {
    const more = problems.length > maxReported ? `\n(and ${problems.length - maxReported} more bad rows)` : '';
    throw new AppError({
      code: 'BAD_REQUEST',
      message: `${problems.length} bad row(s):\n${problems.slice(0, maxReported).join('\n')}${more}`,
      details: { problems },
    });
  }
  if (reads.length === 0) throw new AppError({ code: 'BAD_REQUEST', message: 'no reads: the file has a header only' });
  return reads;
}

function headerColumns(header: string[]): Record<(typeof required)[number], number> {
  const names = header.map((h) => h.trim().toLowerCase());
  const missing = required.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    throw new AppError({
      code: 'BAD_REQUEST',
      message: `line 1: the header must name the columns item,reader,label (missing: ${missing.join(', ')}; got: ${header.join(',')})`,
    });
  }
  return { item: names.indexOf('item'), reader: names.indexOf('reader'), label: names.indexOf('label') };
}

function rowProblem(fields: string[], width: number, columns: Record<string, number>): string | null {
  if (fields.length !== width) return `${fields.length} field(s) where the header has ${width}`;
  const empty = required.filter((c) => fields[columns[c]].trim() === '');
  return empty.length > 0 ? `empty ${empty.join(', ')}` : null;
}

interface CsvRecord {
  line: number;
  fields: string[];
}

/** Splits CSV text into records, skipping blank lines; `line` is where a record starts. */
function splitRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0].trim() !== '') records.push({ line: start, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') field += text[++i];
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n') {
      endRecord();
      start = line;
    } else if (ch !== '\r') field += ch;
  }
  if (quoted) throw new AppError({ code: 'BAD_REQUEST', message: `line ${start}: a quoted field is never closed` });
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}
