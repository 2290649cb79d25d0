import { AppError } from '@/lib/errors/app-error';
import type { CategoryOptions, Read } from './types';

/**
 * Reads with items, readers and categories coded as integers, grouped by item
 * (reads of item i are positions itemStart[i] .. itemStart[i+1]-1). Every statistic
 * works on this form so that 100k reads stay in typed arrays.
 */
export interface CodedReads {
  items: string[];
  readers: string[];
  categories: string[];
  itemStart: Int32Array;
  reader: Int32Array;
  label: Int32Array;
}

const naturalOrder = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

/**
 * Codes a table of reads. Items keep their first-appearance order; readers are sorted.
 * A reader who read the same item twice counts once, with the later read (labels are
 * append-only: a later row supersedes an earlier one).
 */
export function encodeReads(reads: readonly Read[], options: CategoryOptions = {}): CodedReads {
  const itemIndex = new Map<string, number>();
  const readerSet = new Set<string>();
  const labelSet = new Set<string>();
  for (const r of reads) {
    if (!itemIndex.has(r.item)) itemIndex.set(r.item, itemIndex.size);
    readerSet.add(r.reader);
    labelSet.add(r.label);
  }
  const readers = [...readerSet].sort(naturalOrder);
  const categories = options.categories ? [...options.categories] : [...labelSet].sort(naturalOrder);
  checkCategories(categories, labelSet, Boolean(options.categories));
  const readerIndex = new Map(readers.map((r, i) => [r, i]));
  const categoryIndex = new Map(categories.map((c, i) => [c, i]));

  const n = reads.length;
  const nItems = itemIndex.size;
  const itemOf = new Int32Array(n);
  const counts = new Int32Array(nItems + 1);
  for (let i = 0; i < n; i++) {
    itemOf[i] = itemIndex.get(reads[i].item)!;
    counts[itemOf[i] + 1]++;
  }
  for (let i = 0; i < nItems; i++) counts[i + 1] += counts[i];
  // Stable counting sort by item, then drop repeated (item, reader) pairs.
  const cursor = counts.slice(0, nItems);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[cursor[itemOf[i]]++] = i;
  return dedupe(reads, order, counts, readerIndex, categoryIndex, {
    items: [...itemIndex.keys()],
    readers,
    categories,
  });
}

function dedupe(
  reads: readonly Read[],
  order: Int32Array,
  start: Int32Array,
  readerIndex: Map<string, number>,
  categoryIndex: Map<string, number>,
  names: Pick<CodedReads, 'items' | 'readers' | 'categories'>,
): CodedReads {
  const nItems = names.items.length;
  const itemStart = new Int32Array(nItems + 1);
  const reader = new Int32Array(order.length);
  const label = new Int32Array(order.length);
  const slotOf = new Int32Array(names.readers.length).fill(-1);
  const stamp = new Int32Array(names.readers.length).fill(-1);
  let out = 0;
  for (let i = 0; i < nItems; i++) {
    itemStart[i] = out;
    for (let p = start[i]; p < start[i + 1]; p++) {
      const read = reads[order[p]];
      const r = readerIndex.get(read.reader)!;
      const c = categoryIndex.get(read.label)!;
      if (stamp[r] === i) {
        label[slotOf[r]] = c;
        continue;
      }
      stamp[r] = i;
      slotOf[r] = out;
      reader[out] = r;
      label[out++] = c;
    }
  }
  itemStart[nItems] = out;
  return { ...names, itemStart, reader: reader.slice(0, out), label: label.slice(0, out) };
}

function checkCategories(categories: string[], seen: Set<string>, explicit: boolean): void {
  if (new Set(categories).size !== categories.length) {
    throw new AppError({ code: 'BAD_REQUEST', message: `categories repeat a name: ${categories.join(',')}` });
  }
  if (!explicit) return;
  const known = new Set(categories);
  const unknown = [...seen].filter((l) => !known.has(l));
  if (unknown.length > 0) {
    throw new AppError({
      code: 'BAD_REQUEST',
      message: `labels not among the categories (${categories.join(',')}): ${unknown.slice(0, 10).join(', ')}`,
    });
  }
}
