import { keptMetaKeywords } from '@/lib/dicom/deid-allow-list';

const kept: ReadonlySet<string> = new Set(keptMetaKeywords);

/** Keeps only allow-listed attributes (lib/dicom/deid-allow-list); everything else is dropped. */
export function deidentifyMeta(meta: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta)) {
    if (kept.has(key) && value !== undefined) out[key] = value;
  }
  return out;
}
