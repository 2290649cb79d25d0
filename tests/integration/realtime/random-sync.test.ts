import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '@/lib/random';
import type { SessionUser } from '@/lib/auth/roles';
import type { LiveSession } from '@/lib/realtime/live-session';
import type { ScanSummary } from '@/lib/realtime/protocol';
import { openScanView } from '@/lib/realtime/scan-view';
import type { ClientSocket } from '@/components/labeling/socket-transport';
import { listProjectScans } from '@/server/use-cases/list-project-scans';
import { realtimeHarness } from '../../helpers/realtime-harness';
import { liveSessionAs, recordAcks, sleep, waitUntil } from '../../helpers/realtime-client';
import { liveProjectOf, realtimeProject } from '../../helpers/realtime-fixtures';

/**
 * Several clients (the app's LiveSession over real sockets, two of them tabs of one
 * user) label at random while connections drop and go offline. At the end the database
 * holds exactly the acknowledged labels, each once, and every client's view agrees with
 * it. Seeds that ever failed stay in the list.
 */
// Seeds 2, 3, 4 and 6 once failed (summaries lost rows arriving out of order; an adjudicator
// was not "authored"; a fetched state older than the newest event ended a refresh; a stale
// state re-showed a scan blind mode had hidden again): kept. Loops of 20 seeds found them.
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const STEPS = 200;

const h = realtimeHarness();

interface Client {
  user: SessionUser;
  socket: ClientSocket;
  session: LiveSession;
  offline: boolean;
}

async function step(rng: Rng, c: Client, scans: string[], labels: string[]): Promise<void> {
  const r = rng.next();
  const view = openScanView(c.session.getState());
  if (r < 0.25) {
    await c.session.open(scans[rng.int(scans.length)]);
  } else if (r < 0.6) {
    if (view?.loaded) c.session.submit({ kind: 'label', labels: [labels[rng.int(labels.length)]] });
  } else if (r < 0.7) {
    if (view?.loaded && view.mine.headId) c.session.submit({ kind: 'undo', chain: 'read' });
  } else if (r < 0.76) {
    if (view?.loaded && c.user.role === 'CLINICIAN' && !view.blinded)
      c.session.submit({ kind: 'adjudicate', labels: [labels[rng.int(labels.length)]] });
  } else if (r < 0.84) {
    // A network drop: Socket.IO reconnects by itself.
    if (!c.offline) c.socket.io.engine?.close();
  } else if (r < 0.9) {
    // Offline for a while. (Toggling the manager's reconnection instead can leave it stuck
    // "reconnecting" in socket.io-client; a manual disconnect cannot.)
    c.offline = !c.offline;
    if (c.offline) c.socket.disconnect();
    else c.socket.connect();
  } else if (r < 0.93) {
    await c.session.claimNext();
  }
}

function normalise(s: ScanSummary) {
  const reads = s.reads?.map((r) => `${r.authorId}:${r.labels.join('+')}`).sort() ?? null;
  return {
    scanId: s.scanId,
    readCount: s.readCount,
    authored: s.authored,
    mine: s.mine,
    reads,
    reference: s.reference,
  };
}

async function runSeed(seed: number) {
  const rng = createRng(seed);
  const fx = await realtimeProject(h.db, { readers: 3, scans: 4, blindMode: seed % 2 === 0, readsPerScan: 2 });
  const users = [fx.readers[0], fx.readers[0], fx.readers[1], fx.readers[2], fx.clinician];
  const acked = new Map<string, number>();
  const clients: Client[] = [];
  for (const user of users) {
    const start = await listProjectScans(h.db, { projectId: fx.project.id, user });
    const { socket, session } = await liveSessionAs(h.url, user, liveProjectOf(fx.project), {
      summaries: start.scans.map((s) => s.summary),
      seq: start.seq,
      wrap: (t) => recordAcks(t, acked),
    });
    clients.push({ user, socket, session, offline: false });
  }
  try {
    const scans = fx.scans.map((s) => s.id);
    for (let i = 0; i < STEPS; i++) {
      await step(rng, clients[rng.int(clients.length)], scans, fx.project.labels);
      if (rng.next() < 0.3) await sleep(rng.int(15));
    }
    for (const c of clients.filter((x) => x.offline)) {
      c.offline = false;
      c.socket.connect();
    }
    await waitUntil(
      () => clients.every((c) => c.session.getState().joined && c.session.getState().outbox.length === 0),
      30_000,
      `seed ${seed}: outboxes to drain`,
    ).catch((e) => {
      for (const c of clients) {
        const st = c.session.getState();
        console.log(
          c.user.name,
          st.connection,
          st.joined,
          c.socket.connected,
          JSON.stringify(
            st.outbox.map((i) => ({
              k: i.key.slice(0, 6),
              s: i.status,
              a: i.attempts,
              sup: i.supersedes,
              scan: i.scanId.slice(-4),
            })),
          ),
          st.notices.map((n) => n.message),
        );
      }
      throw e;
    });

    // Exactly the acknowledged labels, each once.
    const rows = await h.db.annotation.findMany({
      where: { projectId: fx.project.id },
      select: { idempotencyKey: true, seq: true },
    });
    expect([...acked.values()].every((n) => n >= 1)).toBe(true);
    expect(rows.map((r) => r.idempotencyKey).sort()).toEqual([...acked.keys()].sort());
    expect(rows.map((r) => Number(r.seq)).sort((a, b) => a - b)).toEqual(rows.map((_, i) => i + 1));

    // Every client converges on the database's state, as that user may see it.
    const last = rows.length;
    await waitUntil(
      () =>
        clients.every(
          (c) => c.session.getState().seq.contiguous >= last && Object.keys(c.session.getState().refresh).length === 0,
        ),
      10_000,
      `seed ${seed}: clients to catch up to ${last}: ${JSON.stringify(clients.map((c) => ({ seq: c.session.getState().seq, refresh: c.session.getState().refresh, joined: c.session.getState().joined })))}`,
    );
    for (const c of clients) {
      const truth = await listProjectScans(h.db, { projectId: fx.project.id, user: c.user });
      const summaries = c.session.getState().summaries ?? {};
      for (const t of truth.scans)
        expect(normalise(summaries[t.id]), `seed ${seed}, ${c.user.name}, scan ${t.id}`).toEqual(normalise(t.summary));
    }
    return rows.length;
  } finally {
    for (const c of clients) c.session.dispose();
  }
}

describe('seeded random labelling with disconnects', () => {
  it.each(SEEDS)(
    'seed %i: the database holds exactly the acked labels and every client agrees',
    async (seed) => {
      const count = await runSeed(seed);
      expect(count).toBeGreaterThan(5);
    },
    90_000,
  );
});
