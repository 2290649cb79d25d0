import { beforeAll, describe, expect, it } from 'vitest';
import { openSocket } from '@/components/labeling/socket-transport';
import { realtimeHarness } from '../../helpers/realtime-harness';
import { join } from '../../helpers/realtime-client';
import { realtimeProject } from '../../helpers/realtime-fixtures';
import { sessionCookieFor } from '../../helpers/session';

const h = realtimeHarness();
let fx: Awaited<ReturnType<typeof realtimeProject>>;

beforeAll(async () => {
  fx = await realtimeProject(h.db, { readers: 1, scans: 1 });
});

async function open(origin: string | null, transport: 'websocket' | 'polling') {
  const host = new URL(h.url).host;
  const s = openSocket(h.url, {
    extraHeaders: { cookie: await sessionCookieFor(fx.readers[0]), ...(origin ? { origin } : {}), host },
    transports: [transport],
    reconnection: false,
    forceNew: true,
  });
  h.onCleanup(() => s.disconnect());
  return new Promise<{ connected: boolean; error?: string }>((resolve) => {
    s.once('connect', () => resolve({ connected: true }));
    s.once('connect_error', (e) => resolve({ connected: false, error: e.message }));
  }).then((r) => ({ ...r, socket: s }));
}

describe('the Socket.IO handshake checks Origin', () => {
  it.each(['websocket', 'polling'] as const)(
    'refuses a page on another port of the same host carrying an annotator’s cookie (%s)',
    async (transport) => {
      const r = await open('http://127.0.0.1:1', transport);
      expect(r.connected).toBe(false);
    },
  );

  it('accepts the app’s own origin and a client without one, which may join', async () => {
    const own = await open(h.url, 'websocket');
    expect(own.connected).toBe(true);
    await expect(join(own.socket, fx.project.slug)).resolves.toMatchObject({ projectId: fx.project.id });
    const program = await open(null, 'websocket');
    expect(program.connected).toBe(true);
  });
});
