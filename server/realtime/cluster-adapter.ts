import { createAdapter } from '@socket.io/postgres-adapter';
import type { Logger } from '@/server/logger';
import type { SqlPool } from '@/server/store/handle';
import type { IoServer } from './socket-types';

/** The longest timer Node accepts (a larger one fires at once). */
const MAX_TIMER_MS = 2_147_483_647;

export interface ClusterAdapter {
  adapter: ReturnType<typeof createAdapter>;
  /** Resolves once this server LISTENs (or after timeoutMs): until then it misses other servers' messages. */
  ready(io: { of(nsp: string): { adapter: unknown } }, timeoutMs?: number): Promise<boolean>;
}

/**
 * Socket.IO's PostgreSQL adapter: broadcasts and serverSideEmit cross app servers that
 * share the database, through LISTEN/NOTIFY. Payloads over 8000 bytes would need the
 * adapter's `socket_io_attachments` table, which our migrations do not create; every
 * message we broadcast stays far below that (presence is sent in chunks), and without
 * the table its periodic clean-up is switched off rather than failing every 30 s.
 */
export async function createClusterAdapter(pool: SqlPool, log: Logger): Promise<ClusterAdapter> {
  const { rows } = await pool.query<{ t: string | null }>("SELECT to_regclass('socket_io_attachments')::text AS t");
  const hasAttachments = rows[0]?.t != null;
  const adapter = createAdapter(pool, {
    heartbeatInterval: 5_000,
    heartbeatTimeout: 10_000,
    cleanupInterval: hasAttachments ? 30_000 : MAX_TIMER_MS,
    errorHandler: (err) => log.warn({ err }, 'realtime adapter error'),
  });
  return { adapter, ready: (io, timeoutMs = 5_000) => listening(io.of('/').adapter, timeoutMs) };
}

/**
 * The adapter exposes no readiness; its pub/sub client sets `client` once its LISTEN
 * connection is up. We read that field (guarded: if the shape ever changes we stop
 * waiting at once rather than hang).
 */
async function listening(adapter: unknown, timeoutMs: number): Promise<boolean> {
  const pubsub = (adapter as { client?: { client?: unknown } }).client;
  if (!pubsub || !('client' in pubsub || 'channels' in pubsub)) return false;
  const start = Date.now();
  while (!pubsub.client) {
    if (Date.now() - start > timeoutMs) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

/**
 * Runs `send` (its serverSideEmits) only while another app server is alive: the adapter
 * counts servers by their heartbeats, and a new one announces itself when it starts. A
 * lone server thus NOTIFYs nothing to nobody; what a server starting at that moment
 * misses, its clients fill (sequence gaps, presence snapshots on join).
 */
export function toOtherServers(io: IoServer, log: Logger, send: () => void): void {
  void io
    .of('/')
    .adapter.serverCount()
    .then((servers) => {
      if (servers > 1) send();
    })
    .catch((err: unknown) => log.warn({ err }, 'relay to other servers failed'));
}
