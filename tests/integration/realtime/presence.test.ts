import { describe, expect, it } from 'vitest';
import { usersByScan, usersInProject } from '@/lib/realtime/presence';
import { realtimeHarness } from '../../helpers/realtime-harness';
import { liveSessionAs, waitUntil } from '../../helpers/realtime-client';
import { liveProjectOf, realtimeProject } from '../../helpers/realtime-fixtures';

const h = realtimeHarness();

describe('presence (in memory, never in PostgreSQL)', () => {
  it('shows who is in the project and on which scan, within 100 ms, and clears it when they leave', async () => {
    const fx = await realtimeProject(h.db);
    const project = liveProjectOf(fx.project);
    const a = await liveSessionAs(h.url, fx.readers[0], project);
    h.onCleanup(() => a.session.dispose());
    await a.session.open(fx.scans[0].id);

    // B joins later: the join's snapshot tells it about A.
    const b = await liveSessionAs(h.url, fx.readers[1], project);
    h.onCleanup(() => b.session.dispose());
    const seesA = () =>
      usersByScan(b.session.getState().presence, b.socket.id ?? null)
        .get(fx.scans[0].id)
        ?.some((u) => u.userId === fx.readers[0].id) ?? false;
    await waitUntil(seesA, 2_000, 'B to see A on the scan');
    expect(
      usersInProject(b.session.getState().presence)
        .map((u) => u.name)
        .sort(),
    ).toEqual([fx.readers[0].name, fx.readers[1].name].sort());

    // A moves between scans: B sees each move quickly (median of 6: a shared machine hiccups).
    const delays: number[] = [];
    for (let i = 1; i <= 6; i++) {
      const target = fx.scans[i % 2 ? 1 : 2].id;
      const moved = performance.now();
      await a.session.open(target);
      await waitUntil(
        () => usersByScan(b.session.getState().presence, null).get(target)?.length === 1,
        2_000,
        'the move',
      );
      delays.push(performance.now() - moved);
    }
    expect(delays.sort((x, y) => x - y)[3]).toBeLessThan(100);
    expect(seesA()).toBe(false);

    // A's tab closes: gone for B.
    a.socket.disconnect();
    await waitUntil(
      () => usersInProject(b.session.getState().presence).every((u) => u.userId !== fx.readers[0].id),
      2_000,
      'A to leave',
    );
  });

  it('a dropped connection (no goodbye) disappears within the ping timeout', async () => {
    const fx = await realtimeProject(h.db);
    const project = liveProjectOf(fx.project);
    const a = await liveSessionAs(h.url, fx.readers[0], project);
    const b = await liveSessionAs(h.url, fx.readers[1], project);
    h.onCleanup(() => a.session.dispose());
    h.onCleanup(() => b.session.dispose());
    await waitUntil(() => usersInProject(b.session.getState().presence).length === 2, 2_000, 'both present');
    // Freeze A's transport without closing it: the server only notices through its pings.
    const ws = (
      a.socket.io.engine as unknown as { transport: { ws?: { _socket?: { pause(): void; destroy(): void } } } }
    ).transport.ws;
    a.socket.io.reconnection(false);
    ws?._socket?.pause();
    a.socket.io.engine.removeAllListeners('ping');
    const start = Date.now();
    await waitUntil(() => usersInProject(b.session.getState().presence).length === 1, 15_000, 'A to time out');
    expect(Date.now() - start).toBeLessThan(12_000);
    ws?._socket?.destroy();
  }, 30_000);
});
