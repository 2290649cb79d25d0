/** The PACS page's calls to its API; every answer is { ok, data } or { ok: false, error }. */
export async function pacsApi<T>(url: string, init?: { method?: string; body?: unknown }): Promise<T> {
  const method = init?.method ?? 'GET';
  // Every write carries a JSON body, even an empty one: the API refuses other body types.
  const write = method !== 'GET' && method !== 'HEAD';
  const res = await fetch(url, {
    method,
    headers: write ? { 'content-type': 'application/json' } : undefined,
    body: write ? JSON.stringify(init?.body ?? {}) : undefined,
  });
  const body = (await res.json().catch(() => null)) as { ok: boolean; data?: T; error?: { message: string } } | null;
  if (!body?.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  return body.data as T;
}

/** One series' import as the API answers it. */
export interface SeriesImportResultView {
  seriesInstanceUid: string;
  state: 'imported' | 'already-imported' | 'failed';
  instances: number;
  imported: number;
  duplicates: number;
  failures: { sopInstanceUid: string; reason: string; message: string }[];
  error?: string;
}
