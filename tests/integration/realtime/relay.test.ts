import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { realtimeHarness } from '../../helpers/realtime-harness';
import { request } from '../../helpers/realtime-client';
import { realtimeProject } from '../../helpers/realtime-fixtures';

/** One app server on the PostgreSQL adapter (two-servers.test.ts shows labels crossing when there are two). */
const h = realtimeHarness();
type AdapterMessage = { type: number; data?: { packet?: unknown[] } };
/** socket.io-adapter's MessageType.BROADCAST and SERVER_SIDE_EMIT. */
const BROADCAST = 3;
const SERVER_SIDE_EMIT = 9;

describe('the cross-server relay of labels and presence', () => {
  it('sends no NOTIFY while no other server is alive', async () => {
    const fx = await realtimeProject(h.db, { blindMode: false });
    const listener = new pg.Client({ connectionString: h.databaseUrl });
    await listener.connect();
    h.onCleanup(() => void listener.end());
    const emitted: unknown[] = [];
    listener.on('notification', (n) => {
      const m = JSON.parse(n.payload ?? '{}') as AdapterMessage;
      if (m.type === SERVER_SIDE_EMIT) emitted.push(m.data?.packet?.[0]);
      if (m.type === BROADCAST) emitted.push('broadcast');
    });
    await listener.query('LISTEN "socket.io#/"');
    // The listener is no app server: it never announces itself, so it must not count as one.
    const a = await h.joined(fx.readers[0], fx.project.slug);
    for (const [i, scan] of fx.scans.entries()) {
      // Opening moves the reader's presence: that stays on this server too.
      expect((await request(a.socket, { type: 'scan.open', scanId: scan.id, resumeClaim: false })).ok).toBe(true);
      const ack = await request(a.socket, {
        type: 'annotation.submit',
        idempotencyKey: `relay-${i}-0000`,
        scanId: scan.id,
        supersedesId: null,
        intent: { kind: 'label', labels: ['glioma'] },
      });
      expect(ack.ok).toBe(true);
    }
    await new Promise((r) => setTimeout(r, 300));
    // (Joining asks other servers for their presence: that one goes out regardless.)
    expect(emitted.filter((e) => e !== 'presence:want')).toEqual([]);
  });
});
