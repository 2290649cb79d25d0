import type { Annotation, AnnotationValue } from './annotation';

/**
 * Chains of one scan's annotations. Every reader has one chain (their read); the
 * adjudications form one more, the reference. A chain's head is its row that no other
 * row supersedes; its value is the chain's current value.
 */
export const REFERENCE_CHAIN = 'reference';

type ChainRow = Pick<Annotation, 'id' | 'seq' | 'source' | 'authorId' | 'supersedesId'>;

export function chainKeyOf(row: Pick<Annotation, 'source' | 'authorId'>): string {
  return row.source === 'ADJUDICATION' ? REFERENCE_CHAIN : `read:${row.authorId}`;
}

export function readChainKey(userId: string): string {
  return `read:${userId}`;
}

/** The head of each chain (by key). Were a chain ever forked, the later head wins. */
export function chainHeads<R extends ChainRow>(rows: readonly R[]): Map<string, R> {
  const superseded = new Set<string>();
  for (const r of rows) if (r.supersedesId) superseded.add(r.supersedesId);
  const heads = new Map<string, R>();
  for (const r of rows) {
    if (superseded.has(r.id)) continue;
    const key = chainKeyOf(r);
    const current = heads.get(key);
    if (!current || r.seq > current.seq) heads.set(key, r);
  }
  return heads;
}

export function chainHead<R extends ChainRow>(rows: readonly R[], key: string): R | null {
  return chainHeads(rows).get(key) ?? null;
}

/** The rows of a chain from its first row to its head. */
export function chainRows<R extends ChainRow>(rows: readonly R[], key: string): R[] {
  const head = chainHead(rows, key);
  if (!head) return [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: R[] = [];
  for (let r: R | undefined = head; r; r = r.supersedesId ? byId.get(r.supersedesId) : undefined) {
    out.push(r);
    if (out.length > rows.length) break; // a cycle cannot happen in the store; never loop on bad input
  }
  return out.reverse();
}

export interface Read {
  authorId: string;
  authorName: string;
  labels: string[];
  annotationId: string;
  seq: number;
}

/** Every reader's current read (retracted reads and the reference left out), oldest first. */
export function currentReads(rows: readonly Annotation[]): Read[] {
  const reads: Read[] = [];
  for (const [key, head] of chainHeads(rows)) {
    if (key === REFERENCE_CHAIN || head.value === null) continue;
    reads.push({
      authorId: head.authorId,
      authorName: head.authorName,
      labels: head.value.labels,
      annotationId: head.id,
      seq: head.seq,
    });
  }
  return reads.sort((a, b) => a.seq - b.seq);
}

/** Human reads only: the reference and a label imported with the scan (a prior) are not reads. */
export function readCount(rows: readonly (ChainRow & Pick<Annotation, 'value'>)[]): number {
  let n = 0;
  for (const [key, head] of chainHeads(rows)) {
    if (key !== REFERENCE_CHAIN && head.source !== 'IMPORT' && head.value !== null) n += 1;
  }
  return n;
}

export function referenceValue(rows: readonly Annotation[]): AnnotationValue | null {
  return chainHead(rows, REFERENCE_CHAIN)?.value ?? null;
}

export function hasAuthored(rows: readonly Pick<Annotation, 'authorId'>[], userId: string): boolean {
  return rows.some((r) => r.authorId === userId);
}

/**
 * What an undo of this chain sets the value to: every edit pushes its value, every undo
 * pops one, so repeated undos walk back through the reader's history. `undefined` when
 * there is nothing left to undo.
 */
export function undoValue(chain: readonly Pick<Annotation, 'action' | 'value'>[]): AnnotationValue | null | undefined {
  const stack: (AnnotationValue | null)[] = [];
  for (const row of chain) {
    if (row.action === 'UNDO') stack.pop();
    else stack.push(row.value);
  }
  if (stack.length === 0) return undefined;
  stack.pop();
  return stack.length ? stack[stack.length - 1] : null;
}

/** Rows by scan, each list in the order given. */
export function groupByScan<R extends Pick<Annotation, 'scanId'>>(rows: readonly R[]): Map<string, R[]> {
  const out = new Map<string, R[]>();
  for (const r of rows) {
    const list = out.get(r.scanId);
    if (list) list.push(r);
    else out.set(r.scanId, [r]);
  }
  return out;
}
