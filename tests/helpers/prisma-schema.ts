import { readFileSync } from 'node:fs';

/** A small reader of schema.prisma: enough to compare it with what the migrations built. */
export interface SchemaField {
  name: string;
  type: string;
  optional: boolean;
  list: boolean;
  attributes: string;
}
export interface SchemaModel {
  name: string;
  fields: SchemaField[];
  blockAttributes: string[];
}
export interface ParsedSchema {
  models: SchemaModel[];
  enums: Map<string, string[]>;
}

export function parsePrismaSchema(file: string): ParsedSchema {
  const text = readFileSync(file, 'utf8').replace(/\/\/.*$/gm, '');
  const models: SchemaModel[] = [];
  const enums = new Map<string, string[]>();
  for (const m of text.matchAll(/(model|enum)\s+(\w+)\s*\{([^}]*)\}/g)) {
    const [, kind, name, body] = m;
    const lines = body
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    if (kind === 'enum') {
      enums.set(name, lines);
      continue;
    }
    const fields: SchemaField[] = [];
    const blockAttributes: string[] = [];
    for (const line of lines) {
      if (line.startsWith('@@')) {
        blockAttributes.push(line);
        continue;
      }
      const fm = line.match(/^(\w+)\s+(\w+)(\[\])?(\?)?\s*(.*)$/);
      if (fm)
        fields.push({ name: fm[1], type: fm[2], list: Boolean(fm[3]), optional: Boolean(fm[4]), attributes: fm[5] });
    }
    models.push({ name, fields, blockAttributes });
  }
  return { models, enums };
}

const scalarTypes: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Boolean: 'boolean',
  Json: 'jsonb',
  DateTime: 'timestamp(3) without time zone',
};

/** The PostgreSQL type Prisma Migrate would create for a scalar or enum field. */
export function expectedColumnType(field: SchemaField, enums: Map<string, string[]>): string | null {
  let base: string | undefined;
  if (enums.has(field.type)) base = field.type;
  else if (field.type === 'DateTime' && /@db\.Timestamptz\((\d)\)/.test(field.attributes)) {
    base = `timestamp(${field.attributes.match(/@db\.Timestamptz\((\d)\)/)![1]}) with time zone`;
  } else base = scalarTypes[field.type];
  if (!base) return null; // a relation field: no column
  return field.list ? `${base}[]` : base;
}

/** Column lists of @@unique / @@index / @@id and field-level @unique / @id. */
export function declaredIndexes(model: SchemaModel): { kind: 'unique' | 'index' | 'id'; columns: string[] }[] {
  const out: { kind: 'unique' | 'index' | 'id'; columns: string[] }[] = [];
  for (const a of model.blockAttributes) {
    const m = a.match(/^@@(unique|index|id)\(\[([^\]]*)\]/);
    if (m) out.push({ kind: m[1] as 'unique' | 'index' | 'id', columns: m[2].split(',').map((s) => s.trim()) });
  }
  for (const f of model.fields) {
    if (/(^|\s)@unique\b/.test(f.attributes)) out.push({ kind: 'unique', columns: [f.name] });
    if (/(^|\s)@id\b/.test(f.attributes)) out.push({ kind: 'id', columns: [f.name] });
  }
  return out;
}
