import { z } from 'zod';
import type { ExplainableVersion } from './version-options';

/**
 * The explanations API as the browser sees it (app/api/projects/[slug]/explanations). The
 * shapes mirror server/use-cases/get-explanation's ExplanationView; an integration test
 * parses the routes' answers with these schemas so the two cannot drift apart.
 */
const key = { modelVersionId: z.string(), scanId: z.string(), classIndex: z.number().int().min(-1).default(-1) };

/** Which heatmap: a version, a scan, and a class index into the labels (-1: the class the model predicts). */
export interface ExplanationKey {
  modelVersionId: string;
  scanId: string;
  classIndex: number;
}

export const explanationViewSchema = z.discriminatedUnion('state', [
  z.object({ ...key, state: z.literal('QUEUED') }),
  z.object({ ...key, state: z.literal('RUNNING') }),
  z.object({ ...key, state: z.literal('SUCCEEDED'), layerName: z.string(), finishedAt: z.string() }),
  z.object({ ...key, state: z.literal('FAILED'), error: z.string() }),
]);
export type ExplanationView = z.infer<typeof explanationViewSchema>;

export const requestExplanationResponseSchema = z.object({
  ok: z.literal(true),
  data: z.object({ explanation: explanationViewSchema, cached: z.boolean(), queued: z.boolean() }),
});

/** GET .../model-versions: the versions Grad-CAM can explain (app/api/projects/[slug]/model-versions). */
export const explainableVersionsResponseSchema = z.object({
  ok: z.literal(true),
  data: z.object({
    versions: z.array(z.object({ id: z.string(), kind: z.string(), version: z.number().int(), active: z.boolean() })),
  }),
});

const errorBodySchema = z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) });

export type { ExplanationEvent } from '@/lib/events/project-event';

export interface HeatmapData {
  heatmap: Float32Array;
  width: number;
  height: number;
  classIndex: number;
  classLabel: string;
}

const base = (slug: string) => `/api/projects/${encodeURIComponent(slug)}/explanations`;

async function failure(res: Response): Promise<Error> {
  const parsed = errorBodySchema.safeParse(await res.json().catch(() => null));
  return new Error(parsed.success ? parsed.data.error.message : `The explanation request failed (${res.status}).`);
}

/** POST: the cached explanation, or its queued state (idempotent: safe to repeat as a poll). */
export async function postExplanation(slug: string, k: ExplanationKey, signal?: AbortSignal): Promise<ExplanationView> {
  const res = await fetch(base(slug), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(k),
    signal,
  });
  if (!res.ok) throw await failure(res);
  return requestExplanationResponseSchema.parse(await res.json()).data.explanation;
}

export async function fetchExplainableVersions(slug: string, signal?: AbortSignal): Promise<ExplainableVersion[]> {
  const res = await fetch(`/api/projects/${encodeURIComponent(slug)}/model-versions`, { cache: 'no-store', signal });
  if (!res.ok) throw await failure(res);
  return explainableVersionsResponseSchema.parse(await res.json()).data.versions;
}

/** GET the finished heatmap (little-endian float32, its size in headers). */
export async function fetchHeatmap(slug: string, k: ExplanationKey, signal?: AbortSignal): Promise<HeatmapData> {
  const url = `${base(slug)}/${encodeURIComponent(k.modelVersionId)}/${encodeURIComponent(k.scanId)}`;
  const res = await fetch(k.classIndex >= 0 ? `${url}?class=${k.classIndex}` : url, { signal });
  if (!res.ok) throw await failure(res);
  const width = Number(res.headers.get('x-width'));
  const height = Number(res.headers.get('x-height'));
  const view = new DataView(await res.arrayBuffer());
  if (!(width > 0 && height > 0) || view.byteLength !== width * height * 4)
    throw new Error('The heatmap arrived malformed.');
  const heatmap = new Float32Array(width * height);
  for (let i = 0; i < heatmap.length; i++) heatmap[i] = view.getFloat32(i * 4, true);
  return {
    heatmap,
    width,
    height,
    classIndex: Number(res.headers.get('x-class-index') ?? 0),
    classLabel: decodeURIComponent(res.headers.get('x-class-label') ?? ''),
  };
}
