import type { ServerMessage, ServerWireMessage } from '@/lib/realtime/protocol';

/** One room broadcast as Socket.IO does it: to every connection in `rooms`, less those in `except`. */
export interface RoomBroadcast {
  rooms: readonly string[];
  except?: readonly string[];
  msg: ServerMessage;
}

/** One write: the same frame to each of these connections. */
export interface BatchWrite {
  socketIds: string[];
  wire: ServerWireMessage;
}

/**
 * Turns broadcasts queued in order into the fewest frames: each connection gets the
 * messages meant for it, in queue order, in one frame (a lone message unwrapped), and
 * connections that get the same messages share one frame, encoded once. In blind mode
 * that is one frame for the readers who see every label redacted and one per author
 * set. `members` is the adapter's room -> connection ids (this server's connections).
 */
export function planBatches(
  queue: readonly RoomBroadcast[],
  members: ReadonlyMap<string, ReadonlySet<string>>,
): BatchWrite[] {
  const perSocket = new Map<string, number[]>();
  queue.forEach((b, i) => {
    for (const id of recipients(b, members)) {
      const list = perSocket.get(id);
      if (list) list.push(i);
      else perSocket.set(id, [i]);
    }
  });
  const groups = new Map<string, { socketIds: string[]; indices: number[] }>();
  for (const [id, indices] of perSocket) {
    const key = indices.join(',');
    const group = groups.get(key);
    if (group) group.socketIds.push(id);
    else groups.set(key, { socketIds: [id], indices });
  }
  return [...groups.values()].map(({ socketIds, indices }) => {
    const messages = indices.map((i) => queue[i].msg);
    return { socketIds, wire: messages.length === 1 ? messages[0] : { type: 'batch', messages } };
  });
}

function recipients(b: RoomBroadcast, members: ReadonlyMap<string, ReadonlySet<string>>): Set<string> {
  const out = new Set<string>();
  for (const room of b.rooms) for (const id of members.get(room) ?? []) out.add(id);
  for (const room of b.except ?? []) for (const id of members.get(room) ?? []) out.delete(id);
  return out;
}
