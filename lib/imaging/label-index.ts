import type { LabelRow } from './labels-csv';

export interface LabelIndex {
  /** The row for an image: by content hash, then full relative name, then name below the root folder, then base name. */
  lookup(name: string, contentHash: string): LabelRow | undefined;
  size: number;
}

const baseName = (name: string): string => name.slice(name.lastIndexOf('/') + 1);

export function createLabelIndex(rows: readonly LabelRow[]): LabelIndex {
  const exact = new Map<string, LabelRow>();
  const byBase = new Map<string, LabelRow | null>();
  for (const row of rows) {
    const key = row.file.replace(/\\/g, '/').replace(/^\.\//, '');
    exact.set(/^[0-9a-f]{64}$/i.test(key) ? key.toLowerCase() : key, row);
    const base = baseName(key);
    // A base name shared by rows with different labels matches nothing rather than the wrong one.
    const seen = byBase.get(base);
    byBase.set(base, seen === undefined || seen?.label === row.label ? row : null);
  }
  return {
    size: rows.length,
    lookup(name, contentHash) {
      const belowRoot = name.includes('/') ? name.slice(name.indexOf('/') + 1) : name;
      return (
        exact.get(contentHash) ?? exact.get(name) ?? exact.get(belowRoot) ?? byBase.get(baseName(name)) ?? undefined
      );
    },
  };
}
