/** A JSON write to the app's API: the reply's data, or the server's reason as an Error. */
export async function sendJson<T>(url: string, method: 'PATCH' | 'PUT' | 'POST', body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    throw new Error('The server could not be reached; nothing was saved.');
  }
  const out = (await res.json().catch(() => null)) as { ok: boolean; data?: T; error?: { message: string } } | null;
  if (!out?.ok) throw new Error(out?.error?.message ?? `The server answered ${res.status}.`);
  return out.data as T;
}
