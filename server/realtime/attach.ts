import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { ZodError } from 'zod';
import { Semaphore } from '@/lib/concurrency/semaphore';
import { AppError, isAppError, toErrorBody } from '@/lib/errors/app-error';
import { clientMessageSchema, type Ack } from '@/lib/realtime/protocol';
import type { Services } from '@/server/services';
import type { RealtimeAttachment } from '@/server/app-server';
import { userFromHeaders } from '@/server/auth/session';
import { ACCESS_CHANNEL, accessChangeSchema } from '@/server/auth/access-changes';
import { listenOnChannel } from '@/server/events/listen';
import { ScanRowsCache } from '@/server/db/scan-rows-cache';
import { openRealtimePool } from '@/server/store/sql';
import { sweepExpiredClaims } from '@/server/use-cases/sweep-expired-claims';
import { createClusterAdapter, type ClusterAdapter } from './cluster-adapter';
import { deliverAnnotation } from './broadcast-annotation';
import { BroadcastBatcher } from './broadcast-batcher';
import { AccessWatch, ensureAccessCurrent, recheckUserSockets } from './access-watch';
import { dispatch } from './dispatch';
import { sameOriginHandshake } from './handshake-origin';
import { leaveProject } from './leave-project';
import { PresenceHub } from './presence-hub';
import { warmUp } from './warm-up';
import type { RealtimeContext } from './realtime-context';
import { projectRoom } from './rooms';
import type { IoServer, IoSocket } from './socket-types';
import { EventPageCache } from '@/server/use-cases/list-events-since';

/** A dropped connection is noticed within PING_INTERVAL + PING_TIMEOUT (presence "gone within seconds"). */
const PING_INTERVAL_MS = 5_000;
const PING_TIMEOUT_MS = 5_000;
const CLAIM_SWEEP_MS = 30_000;
/** Project snapshots built at once (catch-up of clients far behind). */
const CONCURRENT_SNAPSHOTS = 2;

/**
 * Socket.IO on the app's HTTP server (the protocol: lib/realtime/protocol.ts),
 * authenticated by the next-auth session cookie in the handshake. With a DATABASE_URL
 * the PostgreSQL adapter makes several app servers behave as one; with the embedded
 * database (one process) the in-memory adapter does.
 */
export async function attachRealtime(http: HttpServer, services: Services): Promise<RealtimeAttachment> {
  // DATABASE_URL, or the embedded database's URL as the job queue knows it.
  const databaseUrl = services.config.DATABASE_URL ?? services.jobs?.pool.options.connectionString;
  if (!databaseUrl)
    throw new Error('Realtime needs the database URL: set DATABASE_URL, or start the app server with its job queue.');
  const sql = openRealtimePool(databaseUrl, 10, services.log);
  // Its own pool: the adapter's NOTIFYs (two a label) must not queue behind label writes.
  const adapterPool = services.config.DATABASE_URL ? openRealtimePool(databaseUrl, 3, services.log) : null;
  const cluster: ClusterAdapter | null = adapterPool ? await createClusterAdapter(adapterPool, services.log) : null;
  const io: IoServer = new Server(http, {
    destroyUpgrade: false,
    serveClient: false,
    pingInterval: PING_INTERVAL_MS,
    pingTimeout: PING_TIMEOUT_MS,
    maxHttpBufferSize: 256 * 1024,
    allowRequest: sameOriginHandshake(services.config.NEXTAUTH_URL, services.log),
    ...(cluster ? { adapter: cluster.adapter } : {}),
  });
  if (cluster && !(await cluster.ready(io)))
    services.log.warn('realtime adapter is not listening yet: other servers’ events may be missed for a moment');
  const clustered = cluster !== null;
  const broadcasts = new BroadcastBatcher(io);
  const scanRows = new ScanRowsCache();
  const presence = new PresenceHub(io, broadcasts, clustered, services.log);
  const access = new AccessWatch();
  const snapshots = new Semaphore(CONCURRENT_SNAPSHOTS);
  const catchUpPages = new EventPageCache();
  const ctx: RealtimeContext = {
    io,
    services,
    sql,
    clustered,
    presence,
    broadcasts,
    scanRows,
    access,
    catchUpPages,
    snapshots,
  };
  const maxInFlight = services.config.REALTIME_MAX_IN_FLIGHT;
  const stopAccessListener = await listenOnChannel(databaseUrl, ACCESS_CHANNEL, services.log, (payload) => {
    const change = accessChangeSchema.safeParse(JSON.parse(payload));
    if (change.success) recheckUserSockets(ctx, change.data.userId);
  });
  if (clustered) {
    io.on('annotation:relay', (d) => {
      // Another server wrote to this scan: this server's copy of its rows is behind.
      scanRows.forget(d.projectId, d.event.scanId);
      deliverAnnotation(broadcasts, d);
    });
  }
  await warmUp(sql, services.db, services.log);
  const secret = services.config.NEXTAUTH_SECRET ?? '';

  io.use((socket, next) => {
    userFromHeaders(socket.handshake.headers, secret, services.db)
      .then((signedIn) => {
        if (!signedIn) return next(new Error('UNAUTHENTICATED'));
        const { sessionVersion, ...user } = signedIn;
        socket.data = {
          user,
          sessionVersion,
          accessStamp: access.stamp(user.id),
          member: null,
          scanId: null,
          claim: null,
        };
        next();
      })
      .catch(() => next(new Error('UNAUTHENTICATED')));
  });

  io.on('connection', (socket) => {
    // Requests of this connection not yet answered: beyond the limit a request is refused
    // at once, so that one client pipelining requests cannot hold the server's memory.
    let inFlight = 0;
    socket.on('req', (raw, ack) => {
      if (typeof ack !== 'function') return; // every request is answered; one without an ack cannot be
      if (inFlight >= maxInFlight) return ack(tooManyInFlight(maxInFlight));
      inFlight += 1;
      void handleRequest(ctx, socket, raw)
        .then(ack)
        .finally(() => {
          inFlight -= 1;
        });
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
      await stopAccessListener();
      presence.flush();
      broadcasts.flush();
      await io.close();
      await Promise.all([sql.end(), adapterPool?.end()]);
    },
  };
}

/** The socket wrapper (docs/ARCHITECTURE.md, "Handlers and errors"): validate, run, answer with an ack. */
async function handleRequest(ctx: RealtimeContext, socket: IoSocket, raw: unknown): Promise<Ack<unknown>> {
  try {
    const msg = clientMessageSchema.parse(raw);
    await ensureAccessCurrent(ctx, socket);
    return { ok: true, data: await dispatch(ctx, socket, msg) };
  } catch (e) {
    if (e instanceof ZodError) {
      const message = e.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ');
      return toErrorBody(new AppError({ code: 'BAD_REQUEST', message }));
    }
    if (!isAppError(e))
      ctx.services.log.error({ err: e, user: socket.data.user.id }, 'unhandled error in socket request');
    return toErrorBody(e);
  }
}

function tooManyInFlight(limit: number): Ack<unknown> {
  return toErrorBody(
    new AppError({
      code: 'TOO_MANY_REQUESTS',
      message: `More than ${limit} requests of this connection are waiting for an answer; try again shortly.`,
    }),
  );
}
