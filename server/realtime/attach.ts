import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Services } from '@/server/services';
import type { RealtimeAttachment } from '@/server/app-server';
import { userFromHeaders } from '@/server/auth/session';

/**
 * Socket.IO on the app's HTTP server, authenticated by the next-auth session cookie in
 * the handshake. (The labelling protocol itself lives in lib/realtime; see issue #4.)
 */
export async function attachRealtime(http: HttpServer, services: Services): Promise<RealtimeAttachment> {
  const io = new Server(http, { destroyUpgrade: false, serveClient: false });
  const secret = services.config.NEXTAUTH_SECRET ?? '';

  io.use((socket, next) => {
    userFromHeaders(socket.handshake.headers, secret)
      .then((user) => {
        if (!user) return next(new Error('UNAUTHENTICATED'));
        socket.data.user = user;
        next();
      })
      .catch(() => next(new Error('UNAUTHENTICATED')));
  });

  return {
    publish(projectId, event) {
      io.to(`project:${projectId}`).emit('event', event);
    },
    async close() {
      await io.close();
    },
  };
}
