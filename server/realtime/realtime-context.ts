import type { Semaphore } from '@/lib/concurrency/semaphore';
import { AppError } from '@/lib/errors/app-error';
import type { ScanRowsCache } from '@/server/db/scan-rows-cache';
import type { Services } from '@/server/services';
import type { SqlPool } from '@/server/store/handle';
import type { EventPageCache } from '@/server/use-cases/list-events-since';
import type { AccessWatch } from './access-watch';
import type { BroadcastBatcher } from './broadcast-batcher';
import type { PresenceHub } from './presence-hub';
import type { IoServer, IoSocket, SocketData } from './socket-types';

export interface RealtimeContext {
  io: IoServer;
  services: Services;
  /** node-postgres, for the one-round-trip annotation write. */
  sql: SqlPool;
  /** Other app servers share the database (the PostgreSQL adapter is on). */
  clustered: boolean;
  presence: PresenceHub;
  /** Room broadcasts to this server's connections, batched per event-loop turn. */
  broadcasts: BroadcastBatcher;
  /** Rows of recently opened or labelled scans: a submit plans against them without a read. */
  scanRows: ScanRowsCache;
  /** Users whose access changed: their sockets re-check before their next request. */
  access: AccessWatch;
  /** Catch-up pages shared by the clients of a reconnect storm. */
  catchUpPages: EventPageCache;
  /** Project snapshots being built for clients far behind (each reads the whole project). */
  snapshots: Semaphore;
}

/** The connection's project membership, or BAD_REQUEST before a join. */
export function memberOrThrow(socket: IoSocket): NonNullable<SocketData['member']> {
  const m = socket.data.member;
  if (!m) throw new AppError({ code: 'BAD_REQUEST', message: 'Join a project first.' });
  return m;
}

/** The connection's user with their role in the joined project. */
export function actorOf(socket: IoSocket) {
  const m = memberOrThrow(socket);
  return { id: socket.data.user.id, name: socket.data.user.name, role: m.role };
}
