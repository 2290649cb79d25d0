import type { Server, Socket } from 'socket.io';
import type { Role, SessionUser } from '@/lib/auth/roles';
import type { ClientToServerEvents, ServerToClientEvents } from '@/lib/realtime/protocol';
import type { AnnotationDelivery } from './broadcast-annotation';
import type { PresenceChange } from './presence-hub';

/** Between app servers (through the PostgreSQL adapter). */
export interface InterServerEvents {
  'presence:want': (req: { projectId: string; socketId: string }) => void;
  /** Presence changes of another server's connections (PresenceHub), in order. */
  'presence:relay': (r: { projectId: string; changes: PresenceChange[] }) => void;
  /** A label committed through another server, for this server's connections. */
  'annotation:relay': (d: AnnotationDelivery) => void;
}

/** What the server keeps per connection (in memory: presence is not data). */
export interface SocketData {
  user: SessionUser;
  /** The session version the connection signed in under (a higher one ends it). */
  sessionVersion: number;
  /** AccessWatch's stamp for the user when the connection last checked its access. */
  accessStamp: number;
  /** The project the connection joined, with the user's effective role in it. */
  member: { projectId: string; slug: string; role: Role; summaries: boolean } | null;
  /** The scan open in the connection's viewer. */
  scanId: string | null;
  /** The claim this connection holds (released when it leaves). */
  claim: { claimId: string; scanId: string } | null;
}

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
