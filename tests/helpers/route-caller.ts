import type { SessionUser } from '@/lib/auth/roles';

export type Who = Pick<SessionUser, 'id' | 'email' | 'name' | 'role'> | null;

/**
 * Calls an app route handler as a given user. The test module mocks
 * '@/server/auth/session' to return `session.user`; this sets it and builds the request.
 */
export function routeCaller(session: { user: SessionUser | null }) {
  return async function call<P extends Record<string, string>>(
    handler: (req: Request, segment: { params: Promise<P> }) => Promise<Response>,
    params: P,
    as: Who,
    init: { method?: string; body?: unknown } = {},
  ): Promise<{ status: number; body: { ok: boolean; data?: unknown; error?: { code: string; message: string } } }> {
    session.user = as && { id: as.id, email: as.email, name: as.name, role: as.role };
    const method = init.method ?? 'GET';
    // As the app's pages do: every write carries a JSON body, an empty object when it has none.
    const body = init.body ?? (method === 'GET' ? undefined : {});
    const req = new Request('http://test.local/api/x', {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    const res = await handler(req, { params: Promise.resolve(params) });
    return { status: res.status, body: (await res.json()) as never };
  };
}
