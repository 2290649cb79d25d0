import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Embeddings of a prediction batch live in one float32 file under the storage directory;
 * Prediction.embeddingRef = "<relative file>#<row>". Strategies read them back by reference.
 */
export async function writeEmbeddings(storageDir: string, relFile: string, rows: number[][]): Promise<string[]> {
  if (rows.length === 0) return [];
  const dim = rows[0].length;
  const buf = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => buf.set(r, i * dim));
  const file = path.resolve(storageDir, relFile);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, Buffer.from(buf.buffer), { mode: 0o600 });
  return rows.map((_, i) => `${relFile}#${i}:${dim}`);
}

export async function readEmbeddings(storageDir: string, refs: (string | null)[]): Promise<(number[] | undefined)[]> {
  const files = new Map<string, Float32Array>();
  const out: (number[] | undefined)[] = [];
  for (const ref of refs) {
    const m = ref?.match(/^(.+)#(\d+):(\d+)$/);
    if (!m) {
      out.push(undefined);
      continue;
    }
    const [, rel, row, dim] = m;
    let data = files.get(rel);
    if (!data) {
      const bytes = await readFile(path.resolve(storageDir, rel)).catch(() => null);
      data = bytes ? new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4) : new Float32Array(0);
      files.set(rel, data);
    }
    const start = Number(row) * Number(dim);
    out.push(start + Number(dim) <= data.length ? Array.from(data.subarray(start, start + Number(dim))) : undefined);
  }
  return out;
}
