import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import type { AppConfig } from './config';
import type { Logger } from './logger';
import type { Db } from './store/handle';
import { openSqlPool } from './store/sql';
import { setServices, type Services } from './services';
import { listenForEvents } from './events/listen';
import { startBoss } from './jobs/boss';
import { createTrainingTrigger } from './jobs/training-trigger';
import { clientAddress } from '@/lib/auth/client-address';
import { readinessProbe } from './http/readiness';
import { bodyLimitFor, limitBody } from './http/body-limit';
import { startPacsSyncWorkers } from './jobs/pacs-sync-queue';
import { pacsContextFor } from './pacs/pacs-context';
import { stampRequestPath } from './http/request-path-header';

export interface AppServer {
  url: string;
  http: HttpServer;
  services: Services;
  close(): Promise<void>;
}

export interface RealtimeAttachment {
  publish: NonNullable<Services['publish']>;
  close(): Promise<void>;
}

/**
 * One HTTP server on one port: Next.js pages and route handlers, plus Socket.IO.
 * `next: false` serves only Socket.IO and a health check (integration tests, benches).
 */
export async function startAppServer(opts: {
  config: AppConfig;
  log: Logger;
  db: Db;
  next: boolean;
  dev?: boolean;
  attachRealtime?: (http: HttpServer, services: Services) => Promise<RealtimeAttachment>;
  /** When set, events NOTIFYed by other processes (the trainer) are relayed to Socket.IO. */
  databaseUrl?: string;
  /** Starts the job queue client and the retrain trigger (needs databaseUrl). */
  jobs?: boolean;
}): Promise<AppServer> {
  const { config, log, db } = opts;
  const services: Services = { config, db, log };
  let stopPacs: (() => Promise<void>) | null = null;
  if (opts.jobs && opts.databaseUrl) {
    const pool = openSqlPool({ connectionString: opts.databaseUrl, max: 4 });
    const boss = await startBoss(opts.databaseUrl, log);
    services.jobs = { boss, pool };
    services.afterLabels = createTrainingTrigger({ db, pool, boss, log }).afterLabels;
    stopPacs = await startPacsSyncWorkers({
      boss,
      db,
      ctx: pacsContextFor(config, log),
      storageDir: config.storageDir,
      maxPixels: config.IMPORT_MAX_PIXELS,
      workers: config.IMPORT_WORKERS,
      log: log.child({ jobs: 'pacs' }),
    });
  }
  setServices(services);

  let handle: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | null = null;
  let upgrade: ((req: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void>) | null = null;
  if (opts.next) {
    const { default: next } = await import('next');
    const app = next({
      dev: Boolean(opts.dev),
      hostname: config.HOST,
      port: config.PORT,
      dir: path.resolve(import.meta.dirname, '..'),
    });
    await app.prepare();
    handle = app.getRequestHandler();
    upgrade = app.getUpgradeHandler();
  }

  const ready = readinessProbe(db);
  const http = createServer((req, res) => {
    // The client address, for login throttling and audit; a client cannot set it itself
    // (X-Forwarded-For counts only from a trusted proxy).
    req.headers['x-neuroloop-client-ip'] = clientAddress(
      req.socket.remoteAddress,
      req.headers['x-forwarded-for'],
      config.TRUSTED_PROXIES,
    );
    // The page asked for, for sign-in's return address and the 403 page's message.
    stampRequestPath(req);
    if (req.url === '/healthz') {
      // Readiness: 503 while PostgreSQL does not answer (labels could not be written).
      void ready().then((r) => {
        if (!r.ok) log.warn({ error: r.error }, 'readiness check failed: database unreachable');
        res.writeHead(r.ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(r));
      });
      return;
    }
    if (!handle) {
      res.writeHead(404).end();
      return;
    }
    if (!req.url?.startsWith('/socket.io/') && !limitBody(req, res, bodyLimitFor(req.url ?? '/', config))) return;
    handle(req, res).catch((err: unknown) => {
      log.error({ err }, 'request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  const realtime = opts.attachRealtime ? await opts.attachRealtime(http, services) : null;
  if (realtime) services.publish = realtime.publish;
  const stopListening =
    realtime && opts.databaseUrl
      ? await listenForEvents(opts.databaseUrl, log, (e) => realtime.publish(e.projectId, e.event))
      : null;

  // Socket.IO keeps its own upgrades (destroyUpgrade: false); Next gets the rest (dev reload).
  http.on('upgrade', (req, socket, head) => {
    if (req.url?.startsWith('/socket.io/')) return;
    if (upgrade) void upgrade(req, socket, head);
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.PORT, config.HOST, () => resolve());
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;

  return {
    url,
    http,
    services,
    async close() {
      await stopListening?.();
      await realtime?.close();
      await stopPacs?.();
      if (services.jobs) {
        await services.jobs.boss.stop({ graceful: false, wait: true });
        await services.jobs.pool.end();
      }
      await new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
    },
  };
}
