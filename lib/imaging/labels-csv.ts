import { AppError } from '@/lib/errors/app-error';

/** One row of a labels CSV: `file` is a file name, a relative path, or a content hash. */
export interface LabelRow {
  file: string;
  label: string;
  subtypes: string[];
}

const subtypeSeparator = ';';

export function formatLabelsCsv(rows: readonly LabelRow[]): string {
  const lines = [
    'file,label,subtypes',
    ...rows.map((r) => [r.file, r.label, r.subtypes.join(subtypeSeparator)].map(csvField).join(',')),
  ];
  return lines.join('\n') + '\n';
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Parses RFC 4180 CSV with a header naming `file` (or `hash`) and `label`; `subtypes` is optional. */
export function parseLabelsCsv(text: string): LabelRow[] {
  const records = parseCsvRecords(text.replace(/^\uFEFF/, ''));
  if (records.length === 0) throw new AppError({ code: 'BAD_REQUEST', message: 'labels CSV is empty' });
  const header = records[0].map((h) => h.trim().toLowerCase());
  const fileCol = header.findIndex((h) => h === 'file' || h === 'filename' || h === 'hash' || h === 'contenthash');
  const labelCol = header.indexOf('label');
  const subCol = header.indexOf('subtypes');
  if (fileCol < 0 || labelCol < 0) {
    throw new AppError({
      code: 'BAD_REQUEST',
      message: `labels CSV needs a header with "file" and "label" columns, got: ${records[0].join(',')}`,
    });
  }
  const rows: LabelRow[] = [];
  records.slice(1).forEach((rec, i) => {
    if (rec.length === 1 && rec[0].trim() === '') return;
    const file = (rec[fileCol] ?? '').trim();
    const label = (rec[labelCol] ?? '').trim();
    if (!file || !label)
      throw new AppError({ code: 'BAD_REQUEST', message: `labels CSV line ${i + 2}: empty file or label` });
    const subtypes =
      subCol >= 0
        ? (rec[subCol] ?? '')
            .split(subtypeSeparator)
            .map((s) => s.trim())
            .filter(Boolean)
        : [];
    rows.push({ file, label, subtypes });
  });
  return rows;
}

function parseCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (quoted) throw new AppError({ code: 'BAD_REQUEST', message: 'labels CSV ends inside a quoted field' });
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}
