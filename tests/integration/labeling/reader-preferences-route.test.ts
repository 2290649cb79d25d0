import { describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '@/lib/auth/roles';
import { makeUser } from '../../helpers/fixtures';
import { routeCaller } from '../../helpers/route-caller';
import { routeTestDatabase } from '../../helpers/route-services';

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/server/auth/session', () => ({ currentUser: async () => session.user }));

const preferences = await import('@/app/api/me/preferences/route');
const call = routeCaller(session);

describe("a reader's preferences (/api/me/preferences)", () => {
  const t = routeTestDatabase();

  it('auto-advance is on for a new reader, and a change is theirs alone and kept', async () => {
    const ana = await makeUser(t.db, 'ANNOTATOR');
    const ben = await makeUser(t.db, 'ANNOTATOR');
    expect((await call(preferences.GET, {}, ana)).body).toEqual({ ok: true, data: { autoAdvance: true } });
    const off = await call(preferences.PATCH, {}, ana, { method: 'PATCH', body: { autoAdvance: false } });
    expect(off.body).toEqual({ ok: true, data: { autoAdvance: false } });
    expect((await call(preferences.GET, {}, ana)).body).toEqual({ ok: true, data: { autoAdvance: false } });
    expect((await call(preferences.GET, {}, ben)).body).toEqual({ ok: true, data: { autoAdvance: true } });
  });

  it('refuses an empty change, an unknown setting and a wrong type with 400; a visitor with 401', async () => {
    const ana = await makeUser(t.db, 'ANNOTATOR');
    for (const body of [{}, { autoAdvance: 'yes' }, { autoAdvance: true, theme: 'dark' }]) {
      const res = await call(preferences.PATCH, {}, ana, { method: 'PATCH', body });
      expect(res.status).toBe(400);
      expect(res.body.error?.message).toBeTruthy();
    }
    expect((await call(preferences.GET, {}, null)).status).toBe(401);
    expect((await call(preferences.GET, {}, ana)).body).toEqual({ ok: true, data: { autoAdvance: true } });
  });
});
