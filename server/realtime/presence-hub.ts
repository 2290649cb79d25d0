import type { Logger } from '@/server/logger';
import type { PresenceEntry } from '@/lib/realtime/protocol';
import { projectRoom } from './rooms';
import type { IoServer, IoSocket } from './socket-types';

/**
 * Presence (GUIDE principle 10): in memory, per connection, on the server that holds
 * the connection; never written to PostgreSQL. Changes are broadcast to the project
 * room (crossing servers through the adapter). A joining connection gets the entries of
 * this server directly and asks the other servers for theirs with serverSideEmit; each
 * answers to the connection's own room in chunks small enough for a NOTIFY payload
 * (< 8000 bytes), so no adapter attachment table is needed. We chose this over
 * fetchSockets(), whose single answer per server would outgrow that limit.
 */
export class PresenceHub {
  private readonly local = new Map<string, PresenceEntry & { projectId: string }>();
  // 15 entries of ~400 bytes at most stay well under a NOTIFY payload.
  private static readonly CHUNK = 15;

  constructor(
    private readonly io: IoServer,
    private readonly clustered: boolean,
    private readonly log: Logger,
  ) {
    if (clustered) this.io.on('presence:want', (req) => this.sendLocal(req.projectId, req.socketId));
  }

  join(socket: IoSocket, projectId: string): void {
    const entry = { socketId: socket.id, userId: socket.data.user.id, name: socket.data.user.name, scanId: null, rev: 1, projectId };
    this.local.set(socket.id, entry);
    socket.to(projectRoom(projectId)).emit('msg', { type: 'presence.update', entry: publicEntry(entry) });
    this.sendLocal(projectId, socket.id);
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
    this.io.to(projectRoom(entry.projectId)).emit('msg', { type: 'presence.update', entry: publicEntry(next) });
  }

  leave(socket: IoSocket): void {
    const entry = this.local.get(socket.id);
    if (!entry) return;
    this.local.delete(socket.id);
    this.io.to(projectRoom(entry.projectId)).emit('msg', { type: 'presence.leave', socketId: socket.id });
  }

  private sendLocal(projectId: string, socketId: string): void {
    const entries = [...this.local.values()].filter((e) => e.projectId === projectId).map(publicEntry);
    for (let i = 0; i < entries.length; i += PresenceHub.CHUNK) {
      this.io.to(socketId).emit('msg', { type: 'presence.snapshot', entries: entries.slice(i, i + PresenceHub.CHUNK) });
    }
  }
}

function publicEntry({ projectId: _p, ...entry }: PresenceEntry & { projectId: string }): PresenceEntry {
  return entry;
}
