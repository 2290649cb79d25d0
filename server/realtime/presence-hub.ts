import type { Logger } from '@/server/logger';
import type { PresenceEntry, ServerMessage } from '@/lib/realtime/protocol';
import type { BroadcastBatcher } from './broadcast-batcher';
import { toOtherServers } from './cluster-adapter';
import { projectRoom } from './rooms';
import type { IoServer, IoSocket } from './socket-types';

/** A presence change as connections receive it (and other servers relay it). */
export type PresenceChange = Extract<ServerMessage, { type: 'presence.update' | 'presence.leave' }>;

/** How long changes gather before they go out: well inside "updated within 100 ms". */
export const PRESENCE_FLUSH_MS = 20;
// 15 entries of ~400 bytes at most stay well under a NOTIFY payload (< 8000 bytes).
const CHUNK = 15;

/**
 * Presence (GUIDE principle 10): in memory, per connection, on the server that holds
 * the connection; never written to PostgreSQL.
 *
 * Changes are coalesced per project for PRESENCE_FLUSH_MS: each connection's latest
 * change (a view, a join, a leave) goes out once, and a flush reaches every connection
 * of the project as one frame (BroadcastBatcher), not one write per change. With 200
 * readers moving between scans that is a few frames a second per connection instead of
 * one per move. Other servers get the same changes in one relay per flush (in chunks
 * small enough for a NOTIFY), and only while another server is alive; a connection's
 * changes come from its own server in order, and entries carry a revision, so a late
 * update never undoes a newer one.
 *
 * A joining connection gets the entries of this server directly and asks the other
 * servers for theirs with serverSideEmit; each answers to the connection's own room in
 * chunks. We chose this over fetchSockets(), whose single answer per server would
 * outgrow the NOTIFY limit.
 */
export class PresenceHub {
  private readonly local = new Map<string, PresenceEntry & { projectId: string }>();
  /** Per project, each connection's latest change not yet sent. */
  private readonly pending = new Map<string, Map<string, PresenceChange>>();
  private timer: NodeJS.Timeout | null = null;

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
    const entry = { socketId: socket.id, userId: socket.data.user.id, name: socket.data.user.name, scanId: null, rev: 1, projectId };
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

  /** Sends what has gathered now (also before the server closes). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const pending = [...this.pending];
    this.pending.clear();
    for (const [projectId, changes] of pending) {
      const list = [...changes.values()];
      this.deliver(projectId, list);
      if (this.clustered) this.relay(projectId, list);
    }
  }

  private change(projectId: string, change: PresenceChange): void {
    let changes = this.pending.get(projectId);
    if (!changes) this.pending.set(projectId, (changes = new Map()));
    const socketId = change.type === 'presence.update' ? change.entry.socketId : change.socketId;
    changes.delete(socketId); // re-inserted last: the flush keeps the order of latest changes
    changes.set(socketId, change);
    this.timer ??= setTimeout(() => this.flush(), PRESENCE_FLUSH_MS);
  }

  /** To this server's connections in the project. */
  private deliver(projectId: string, changes: readonly PresenceChange[]): void {
    for (const msg of changes) this.broadcasts.send({ rooms: [projectRoom(projectId)], msg });
  }

  /** To the other servers' connections, if any server besides this one is alive. */
  private relay(projectId: string, changes: readonly PresenceChange[]): void {
    toOtherServers(this.io, this.log, () => {
      for (let i = 0; i < changes.length; i += CHUNK) this.io.serverSideEmit('presence:relay', { projectId, changes: changes.slice(i, i + CHUNK) });
    });
  }

  /** This server's entries in the project, to one connection (here, or on the server that asked). */
  private sendLocal(projectId: string, socketId: string, here = false): void {
    const entries = [...this.local.values()].filter((e) => e.projectId === projectId).map(publicEntry);
    const to = here ? this.io.local.to(socketId) : this.io.to(socketId);
    for (let i = 0; i < entries.length; i += CHUNK) to.emit('msg', { type: 'presence.snapshot', entries: entries.slice(i, i + CHUNK) });
  }
}

function publicEntry({ projectId: _p, ...entry }: PresenceEntry & { projectId: string }): PresenceEntry {
  return entry;
}
