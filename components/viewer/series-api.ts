import { z } from 'zod';

/** GET .../scans/<id>/series (app/api/projects/[slug]/scans/[scanId]/series; server/use-cases/list-series-slices). */
export const seriesStackResponseSchema = z.object({
  ok: z.literal(true),
  data: z.object({
    slices: z.array(z.object({ scanId: z.string(), title: z.string() })),
    askedIndex: z.number().int().nonnegative(),
  }),
});
export type SeriesStackData = z.infer<typeof seriesStackResponseSchema>['data'];

// A series does not change while it is read: fetched once per asked scan.
const stacks = new Map<string, Promise<SeriesStackData>>();
const CACHE_SIZE = 32;

export function fetchSeriesStack(slug: string, scanId: string): Promise<SeriesStackData> {
  const key = `${slug}/${scanId}`;
  let hit = stacks.get(key);
  if (!hit) {
    const url = `/api/projects/${encodeURIComponent(slug)}/scans/${encodeURIComponent(scanId)}/series`;
    hit = fetch(url).then(async (res) => {
      if (!res.ok) throw new Error(`The series could not be loaded (${res.status}).`);
      return seriesStackResponseSchema.parse(await res.json()).data;
    });
    hit.catch(() => stacks.delete(key));
    stacks.set(key, hit);
    if (stacks.size > CACHE_SIZE) stacks.delete(stacks.keys().next().value as string);
  }
  return hit;
}
