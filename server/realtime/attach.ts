import type { Server as HttpServer } from 'node:http';
import pg from 'pg';
import { Server } from 'socket.io';
import { ZodError } from 'zod';
import { AppError, isAppError, toErrorBody } from '@/lib/errors/app-error';
import { clientMessageSchema, type Ack } from '@/lib/realtime/protocol';
import type { Services } from '@/server/services';
import type { RealtimeAttachment } from '@/server/app-server';
import { userFromHeaders } from '@/server/auth/session';
import { ScanRowsCache } from '@/server/db/scan-rows-cache';
import { sweepExpiredClaims } from '@/server/use-cases/sweep-expired-claims';
import { createClusterAdapter, type ClusterAdapter } from './cluster-adapter';
import { deliverAnnotation } from './broadcast-annotation';
import { BroadcastBatcher } from './broadcast-batcher';
import { dispatch } from './dispatch';
import { leaveProject } from './leave-project';
import { PresenceHub } from './presence-hub';
import type { RealtimeContext } from './realtime-context';
import { projectRoom } from './rooms';
import type { IoServer, IoSocket } from './socket-types';

/** A dropped connection is noticed within PING_INTERVAL + PING_TIMEOUT (presence "gone within seconds"). */
const PING_INTERVAL_MS = 5_000;
const PING_TIMEOUT_MS = 5_000;
const CLAIM_SWEEP_MS = 30_000;
const IDLE_CONNECTION_MS = 60_000;

/**
 * Socket.IO on the app's HTTP server (the protocol: lib/realtime/protocol.ts),
 * authenticated by the next-auth session cookie in the handshake. With a DATABASE_URL
 * the PostgreSQL adapter makes several app servers behave as one; with the embedded
 * database (one process) the in-memory adapter does.
 */
export async function attachRealtime(http: HttpServer, services: Services): Promise<RealtimeAttachment> {
  // DATABASE_URL, or the embedded database's URL as the job queue knows it.
  const databaseUrl = services.config.DATABASE_URL ?? services.jobs?.pool.options.connectionString;
  if (!databaseUrl) throw new Error('Realtime needs the database URL: set DATABASE_URL, or start the app server with its job queue.');
  const sql = pool(databaseUrl, 10, services);
  // Its own pool: the adapter's NOTIFYs (two a label) must not queue behind label writes.
  const adapterPool = services.config.DATABASE_URL ? pool(databaseUrl, 3, services) : null;
  const cluster: ClusterAdapter | null = adapterPool ? await createClusterAdapter(adapterPool, services.log) : null;
  const io: IoServer = new Server(http, {
    destroyUpgrade: false,
    serveClient: false,
    pingInterval: PING_INTERVAL_MS,
    pingTimeout: PING_TIMEOUT_MS,
    maxHttpBufferSize: 256 * 1024,
    ...(cluster ? { adapter: cluster.adapter } : {}),
  });
  if (cluster && !(await cluster.ready(io))) services.log.warn('realtime adapter is not listening yet: other servers’ events may be missed for a moment');
  const clustered = cluster !== null;
  const broadcasts = new BroadcastBatcher(io);
  const scanRows = new ScanRowsCache();
  const presence = new PresenceHub(io, broadcasts, clustered, services.log);
  const ctx: RealtimeContext = { io, services, sql, clustered, presence, broadcasts, scanRows };
  if (clustered) {
    io.on('annotation:relay', (d) => {
      // Another server wrote to this scan: this server's copy of its rows is behind.
      scanRows.forget(d.projectId, d.event.scanId);
      deliverAnnotation(broadcasts, d);
    });
  }
  const secret = services.config.NEXTAUTH_SECRET ?? '';

  io.use((socket, next) => {
    userFromHeaders(socket.handshake.headers, secret)
      .then((user) => {
        if (!user) return next(new Error('UNAUTHENTICATED'));
        socket.data = { user, member: null, scanId: null, claim: null };
        next();
      })
      .catch(() => next(new Error('UNAUTHENTICATED')));
  });

  io.on('connection', (socket) => {
    socket.on('req', (raw, ack) => {
      if (typeof ack !== 'function') return; // every request is answered; one without an ack cannot be
      void handleRequest(ctx, socket, raw).then(ack);
    });
    socket.on('disconnect', () => {
      leaveProject(ctx, socket).catch((err: unknown) => services.log.warn({ err }, 'leave on disconnect failed'));
    });
  });

  const sweep = setInterval(() => {
    sweepExpiredClaims(services.db).catch((err: unknown) => services.log.warn({ err }, 'claim sweep failed'));
  }, CLAIM_SWEEP_MS);
  sweep.unref();

  return {
    /**
     * Local to this server: every app server relays the cross-process events it hears
     * (NOTIFY, server/events) to its own connections, so a cluster-wide emit would
     * deliver each one once per server.
     */
    publish(projectId, event) {
      broadcasts.send({ rooms: [projectRoom(projectId)], msg: { type: 'project.event', event } });
    },
    async close() {
      clearInterval(sweep);
      presence.flush();
      broadcasts.flush();
      await io.close();
      await Promise.all([sql.end(), adapterPool?.end()]);
    },
  };
}

/** The socket wrapper (GUIDE principles 4 and 5): validate, run, answer with an ack. */
async function handleRequest(ctx: RealtimeContext, socket: IoSocket, raw: unknown): Promise<Ack<unknown>> {
  try {
    const msg = clientMessageSchema.parse(raw);
    return { ok: true, data: await dispatch(ctx, socket, msg) };
  } catch (e) {
    if (e instanceof ZodError) {
      const message = e.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ');
      return toErrorBody(new AppError({ code: 'BAD_REQUEST', message }));
    }
    if (!isAppError(e)) ctx.services.log.error({ err: e, user: socket.data.user.id }, 'unhandled error in socket request');
    return toErrorBody(e);
  }
}

/**
 * Connections stay open through a minute's pause (node-postgres closes them after 10 s
 * by default), and two always: the first label after a quiet spell must not wait for a
 * new connection, nor PostgreSQL prepare its statements again.
 */
function pool(connectionString: string, max: number, services: Services): pg.Pool {
  const p = new pg.Pool({ connectionString, max, min: Math.min(2, max), idleTimeoutMillis: IDLE_CONNECTION_MS });
  p.on('error', (err) => services.log.warn({ err }, 'realtime database pool error'));
  return p;
}
