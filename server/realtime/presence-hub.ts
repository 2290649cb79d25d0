import type { Logger } from '@/server/logger';
import type { PresenceEntry, ServerMessage } from '@/lib/realtime/protocol';
import type { BroadcastBatcher } from './broadcast-batcher';
import { toOtherServers } from './cluster-adapter';
import { projectRoom } from './rooms';
import type { IoServer, IoSocket } from './socket-types';

/** A presence change as connections receive it (and other servers relay it). */
export type PresenceChange = Extract<ServerMessage, { type: 'presence.update' | 'presence.leave' }>;

/** How long changes gather at most before they go out: well inside "updated within 100 ms". */
export const PRESENCE_FLUSH_MS = 20;
// 15 entries of ~400 bytes at most stay well under a NOTIFY payload (< 8000 bytes).
const CHUNK = 15;

/**
 * Presence (docs/ARCHITECTURE.md, "Realtime"): in memory, per connection, on the server that holds
 * the connection; never written to PostgreSQL.
 *
 * Changes are coalesced per project: each connection's latest change (a view, a join, a
 * leave) goes out once, to every connection of the project in one frame
 * (BroadcastBatcher), not one write per change. They leave with the next frames the
 * server sends anyway (labels), or after PRESENCE_FLUSH_MS if none goes sooner: under
 * load, readers moving between scans cost no frames of their own, and when it is quiet
 * a move still shows within PRESENCE_FLUSH_MS. Other servers get the changes in one
 * relay per PRESENCE_FLUSH_MS (in chunks small enough for a NOTIFY), and only while
 * another server is alive; a connection's changes come from its own server in order,
 * and entries carry a revision, so a late update never undoes a newer one.
 *
 * A joining connection gets the entries of this server directly and asks the other
 * servers for theirs with serverSideEmit; each answers to the connection's own room in
 * chunks. We chose this over fetchSockets(), whose single answer per server would
 * outgrow the NOTIFY limit.
 */
export class PresenceHub {
  private readonly local = new Map<string, PresenceEntry & { projectId: string }>();
  /** Per project, each connection's latest change not yet sent to this server's connections ... */
  private readonly pending = new Map<string, Map<string, PresenceChange>>();
  /** ... and not yet relayed to the other servers (only while clustered). */
  private readonly unrelayed = new Map<string, Map<string, PresenceChange>>();
  private timer: NodeJS.Timeout | null = null;
  private riding = false;

  constructor(
    private readonly io: IoServer,
    private readonly broadcasts: BroadcastBatcher,
    private readonly clustered: boolean,
    private readonly log: Logger,
  ) {
    if (clustered) {
      this.io.on('presence:want', (req) => this.sendLocal(req.projectId, req.socketId));
      this.io.on('presence:relay', (r) => this.deliver(r.projectId, r.changes));
    }
  }

  join(socket: IoSocket, projectId: string): void {
    const entry = {
      socketId: socket.id,
      userId: socket.data.user.id,
      name: socket.data.user.name,
      scanId: null,
      rev: 1,
      projectId,
    };
    this.local.set(socket.id, entry);
    this.change(projectId, { type: 'presence.update', entry: publicEntry(entry) });
    this.sendLocal(projectId, socket.id, true);
    if (this.clustered) {
      try {
        this.io.serverSideEmit('presence:want', { projectId, socketId: socket.id });
      } catch (err) {
        this.log.warn({ err }, 'presence request to other servers failed');
      }
    }
  }

  /** The connection now views `scanId` (null: none). */
  view(socket: IoSocket, scanId: string | null): void {
    const entry = this.local.get(socket.id);
    if (!entry || entry.scanId === scanId) return;
    const next = { ...entry, scanId, rev: entry.rev + 1 };
    this.local.set(socket.id, next);
    // Everyone, the sender's other tabs included: each client leaves out its own connection.
    this.change(entry.projectId, { type: 'presence.update', entry: publicEntry(next) });
  }

  leave(socket: IoSocket): void {
    const entry = this.local.get(socket.id);
    if (!entry) return;
    this.local.delete(socket.id);
    this.change(entry.projectId, { type: 'presence.leave', socketId: socket.id });
  }

  /** Sends and relays what has gathered now (also before the server closes). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.sendPending();
    for (const [projectId, changes] of drain(this.unrelayed)) this.relay(projectId, changes);
  }

  /** To this server's connections: on the next frames sent anyway, or at the deadline. */
  private sendPending(): void {
    for (const [projectId, changes] of drain(this.pending)) this.deliver(projectId, changes);
    // Nothing left to relay: the deadline has nothing more to do.
    if (this.unrelayed.size === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private change(projectId: string, change: PresenceChange): void {
    latest(this.pending, projectId, change);
    if (this.clustered) latest(this.unrelayed, projectId, change);
    if (!this.riding) {
      this.riding = true;
      this.broadcasts.rideNextFlush(() => {
        this.riding = false;
        this.sendPending();
      });
    }
    this.timer ??= setTimeout(() => this.flush(), PRESENCE_FLUSH_MS);
  }

  /** To this server's connections in the project. */
  private deliver(projectId: string, changes: readonly PresenceChange[]): void {
    for (const msg of changes) this.broadcasts.send({ rooms: [projectRoom(projectId)], msg });
  }

  /** To the other servers' connections, if any server besides this one is alive. */
  private relay(projectId: string, changes: readonly PresenceChange[]): void {
    toOtherServers(this.io, this.log, () => {
      for (let i = 0; i < changes.length; i += CHUNK)
        this.io.serverSideEmit('presence:relay', { projectId, changes: changes.slice(i, i + CHUNK) });
    });
  }

  /** This server's entries in the project, to one connection (here, or on the server that asked). */
  private sendLocal(projectId: string, socketId: string, here = false): void {
    const entries = [...this.local.values()].filter((e) => e.projectId === projectId).map(publicEntry);
    const to = here ? this.io.local.to(socketId) : this.io.to(socketId);
    for (let i = 0; i < entries.length; i += CHUNK)
      to.emit('msg', { type: 'presence.snapshot', entries: entries.slice(i, i + CHUNK) });
  }
}

/** Keeps each connection's latest change: re-inserted last, so the map keeps the order of latest changes. */
function latest(gathered: Map<string, Map<string, PresenceChange>>, projectId: string, change: PresenceChange): void {
  let changes = gathered.get(projectId);
  if (!changes) gathered.set(projectId, (changes = new Map()));
  const socketId = change.type === 'presence.update' ? change.entry.socketId : change.socketId;
  changes.delete(socketId);
  changes.set(socketId, change);
}

/** Empties `gathered`, returning each project's changes in order. */
function drain(gathered: Map<string, Map<string, PresenceChange>>): [string, PresenceChange[]][] {
  const out = [...gathered].map(([projectId, changes]): [string, PresenceChange[]] => [
    projectId,
    [...changes.values()],
  ]);
  gathered.clear();
  return out;
}

function publicEntry({ projectId: _p, ...entry }: PresenceEntry & { projectId: string }): PresenceEntry {
  return entry;
}
