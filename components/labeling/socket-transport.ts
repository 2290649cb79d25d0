import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { LiveTransport } from '@/lib/realtime/live-transport';
import type { AckFor, ClientToServerEvents, ServerToClientEvents } from '@/lib/realtime/protocol';
import { eachServerMessage } from '@/lib/realtime/unpack';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Socket.IO as a LiveSession transport. A request is only written while connected and
 * the client's own send buffer is emptied on disconnect: replays are the outbox's job
 * (same idempotency key), never Socket.IO's.
 */
export function socketTransport(socket: ClientSocket): LiveTransport {
  return {
    get connected() {
      return socket.connected;
    },
    get id() {
      return socket.id ?? null;
    },
    request(msg, timeoutMs) {
      if (!socket.connected) return Promise.reject(new Error('offline'));
      return socket.timeout(timeoutMs).emitWithAck('req', msg) as Promise<AckFor<typeof msg.type>>;
    },
    onMessage(fn) {
      // The server batches what it broadcasts within one turn: the session sees single messages.
      socket.on('msg', eachServerMessage(fn));
    },
    onConnect(fn) {
      socket.on('connect', fn);
    },
    onDisconnect(fn) {
      socket.on('disconnect', () => {
        socket.sendBuffer = [];
        fn();
      });
    },
    close() {
      socket.disconnect();
    },
  };
}

/** A socket to `url` (the page's own origin when omitted); the session cookie authenticates it. */
export function openSocket(url?: string, opts: Partial<ManagerOptions & SocketOptions> = {}): ClientSocket {
  const options: Partial<ManagerOptions & SocketOptions> = {
    path: '/socket.io',
    // Back quickly after a drop: a reader's queued labels wait for it.
    reconnectionDelay: 250,
    reconnectionDelayMax: 3_000,
    ...opts,
  };
  return url ? io(url, options) : io(options);
}
