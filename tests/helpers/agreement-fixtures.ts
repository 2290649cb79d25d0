import { randomUUID } from 'node:crypto';
import pg from 'pg';

/**
 * Seeding for agreement tests, over plain SQL so that integration tests (a test database)
 * and Playwright (the e2e server's database) share it. Annotations are appended as the
 * store wants them: each row supersedes the head of its chain (a reader's read, or the
 * reference for adjudications), and sequence numbers come from Project.lastSequence in
 * the same transaction.
 */
export interface SeedAnnotation {
  scanId: string;
  authorId: string;
  /** null retracts the read. */
  labels: string[] | null;
  source?: 'HUMAN' | 'ADJUDICATION' | 'IMPORT';
  /** createdAt; now() when omitted. */
  at?: Date;
}

type Client = pg.Client | pg.PoolClient;

/** Runs fn with a client on url, closing it afterwards. */
export async function withPg<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Scan rows without files (the thumbnail route answers 404 for them), oldest first. */
export async function insertScans(
  client: Client,
  projectId: string,
  count: number,
  opts: { prefix?: string; importedAt?: Date } = {},
): Promise<string[]> {
  const prefix = opts.prefix ?? 'agr';
  const ids = Array.from({ length: count }, () => `${prefix}-${randomUUID()}`);
  const base = (opts.importedAt ?? new Date()).getTime();
  await client.query(
    `INSERT INTO "Scan" (id, "projectId", "contentHash", "fileHash", "originalPath", "originalName", "previewPath",
       "thumbnailPath", modality, width, height, "importedAt")
     SELECT id, $1, 'hash-' || id, 'file-' || id, '/dev/null/' || id, name, '/dev/null/p-' || id, '/dev/null/t-' || id,
       'CT', 64, 64, to_timestamp(ms / 1000.0)
     FROM unnest($2::text[], $3::text[], $4::float8[]) AS t(id, name, ms)`,
    [projectId, ids, ids.map((_, i) => `${prefix}-scan-${i + 1}.dcm`), ids.map((_, i) => base + i)],
  );
  return ids;
}

/** Appends annotations in one transaction; returns the sequence number of each row. */
export async function appendAnnotations(
  client: Client,
  projectId: string,
  rows: readonly SeedAnnotation[],
): Promise<bigint[]> {
  if (rows.length === 0) return [];
  await client.query('BEGIN');
  try {
    const { rows: locked } = await client.query<{ last: string }>(
      `UPDATE "Project" SET "lastSequence" = "lastSequence" + $2 WHERE id = $1 RETURNING "lastSequence"::text AS last`,
      [projectId, rows.length],
    );
    if (locked.length === 0) throw new Error(`no project ${projectId}`);
    const first = BigInt(locked[0].last) - BigInt(rows.length) + 1n;
    const heads = await chainHeadsOf(client, projectId, [...new Set(rows.map((r) => r.scanId))]);
    const cols = {
      id: [] as string[],
      scan: [] as string[],
      author: [] as string[],
      source: [] as string[],
      action: [] as string[],
      value: [] as (string | null)[],
      supersedes: [] as (string | null)[],
      seq: [] as string[],
      key: [] as string[],
      at: [] as (string | null)[],
    };
    rows.forEach((r, i) => {
      const source = r.source ?? 'HUMAN';
      const chain = `${r.scanId}|${source === 'ADJUDICATION' ? 'reference' : r.authorId}`;
      const id = `ann-${randomUUID()}`;
      const previous = heads.get(chain) ?? null;
      heads.set(chain, id);
      cols.id.push(id);
      cols.scan.push(r.scanId);
      cols.author.push(r.authorId);
      cols.source.push(source);
      cols.action.push(
        source === 'ADJUDICATION' ? 'ADJUDICATE' : source === 'IMPORT' ? 'IMPORT' : previous ? 'CORRECT' : 'LABEL',
      );
      cols.value.push(r.labels ? JSON.stringify({ labels: r.labels }) : null);
      cols.supersedes.push(previous);
      cols.seq.push(String(first + BigInt(i)));
      cols.key.push(`seed-${id}`);
      cols.at.push(r.at ? r.at.toISOString() : null);
    });
    await client.query(
      `INSERT INTO "Annotation" (id, "projectId", "scanId", "authorId", source, action, value, "supersedesId", seq, "idempotencyKey", "createdAt")
       SELECT id, $1, scan, author, source::"AnnotationSource", action::"AnnotationAction", value::jsonb, supersedes, seq, key, coalesce(at, now())
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::text[], $11::timestamptz[])
         AS t(id, scan, author, source, action, value, supersedes, seq, key, at)`,
      [
        projectId,
        cols.id,
        cols.scan,
        cols.author,
        cols.source,
        cols.action,
        cols.value,
        cols.supersedes,
        cols.seq,
        cols.key,
        cols.at,
      ],
    );
    await client.query('COMMIT');
    return rows.map((_, i) => first + BigInt(i));
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  }
}

/** The head row id of every chain ("scanId|authorId" or "scanId|reference") on the given scans. */
async function chainHeadsOf(client: Client, projectId: string, scanIds: string[]): Promise<Map<string, string>> {
  const { rows } = await client.query<{ id: string; chain: string }>(
    `SELECT DISTINCT ON (chain) id, chain FROM (
       SELECT id, seq, "scanId" || '|' || CASE WHEN source = 'ADJUDICATION' THEN 'reference' ELSE "authorId" END AS chain
       FROM "Annotation" a
       WHERE "projectId" = $1 AND "scanId" = ANY($2::text[])
         AND NOT EXISTS (SELECT 1 FROM "Annotation" b WHERE b."supersedesId" = a.id)
     ) heads ORDER BY chain, seq DESC`,
    [projectId, scanIds],
  );
  return new Map(rows.map((r) => [r.chain, r.id]));
}

/** Reads with one label each: [scanId, authorId, label][] → SeedAnnotation[]. */
export function labelRows(rows: readonly [string, string, string][], at?: Date): SeedAnnotation[] {
  return rows.map(([scanId, authorId, label]) => ({ scanId, authorId, labels: [label], ...(at ? { at } : {}) }));
}
