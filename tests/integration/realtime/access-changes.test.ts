import { beforeAll, describe, expect, it } from 'vitest';
import type { ClientMessage } from '@/lib/realtime/protocol';
import { addProjectMember } from '@/server/use-cases/add-project-member';
import { endUserSessions } from '@/server/use-cases/end-user-sessions';
import { realtimeHarness } from '../../helpers/realtime-harness';
import { connectAs, join, openAs, request } from '../../helpers/realtime-client';
import { realtimeProject } from '../../helpers/realtime-fixtures';

const h = realtimeHarness();
let fx: Awaited<ReturnType<typeof realtimeProject>>;

beforeAll(async () => {
  fx = await realtimeProject(h.db, { readers: 2, scans: 3 });
});

const adjudicate = (scanId: string, key: string): Extract<ClientMessage, { type: 'annotation.submit' }> => ({
  type: 'annotation.submit',
  idempotencyKey: key,
  scanId,
  supersedesId: null,
  intent: { kind: 'adjudicate', labels: ['glioma'] },
});

async function eventually(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('access changes reach live sockets', () => {
  it('a clinician demoted while connected can no longer adjudicate on that socket', async () => {
    const socket = await h.socket(fx.clinician);
    await join(socket, fx.project.slug);
    const before = await request(socket, adjudicate(fx.scans[0].id, 'demote-before-1'));
    expect(before.ok).toBe(true);

    await addProjectMember(
      h.db,
      { projectId: fx.project.id, email: fx.clinician.email, role: 'ANNOTATOR' },
      { id: fx.lead.id, role: 'LEAD' },
    );
    // The NOTIFY arrives within moments; every request after it runs under the new role.
    await eventually(async () => {
      const res = await request(socket, adjudicate(fx.scans[1].id, `demote-probe-${Date.now()}`));
      return !res.ok && res.error.code === 'FORBIDDEN';
    }, 3000);
    const after = await request(socket, adjudicate(fx.scans[2].id, 'demote-after-1'));
    expect(after).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await h.db.annotation.count({ where: { scanId: fx.scans[2].id } })).toBe(0);
  });

  it('signing out everywhere disconnects the live socket and refuses the old cookie', async () => {
    const user = fx.readers[1];
    const socket = await h.socket(user);
    await join(socket, fx.project.slug);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    await endUserSessions(h.db, { userId: user.id, actorId: user.id });
    await expect(gone).resolves.toBe('io server disconnect');

    const again = await openAs(h.url, user);
    h.onCleanup(() => again.disconnect());
    const err = await new Promise<Error>((resolve) => again.once('connect_error', resolve));
    expect(err.message).toBe('UNAUTHENTICATED');
  });

  it('a new member’s socket is unaffected by someone else’s change', async () => {
    const socket = await connectAs(h.url, fx.readers[0]);
    h.onCleanup(() => socket.disconnect());
    await join(socket, fx.project.slug);
    await endUserSessions(h.db, { userId: fx.outsider.id, actorId: null });
    await new Promise((r) => setTimeout(r, 300));
    const res = await request(socket, { type: 'scan.open', scanId: fx.scans[2].id, resumeClaim: false });
    expect(res.ok).toBe(true);
  });
});
