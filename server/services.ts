import type { Semaphore } from '@/lib/concurrency/semaphore';
import type { ProjectEvent } from '@/lib/events/project-event';
import type PgBoss from 'pg-boss';
import type { AppConfig } from './config';
import type { Db, SqlPool } from './store/handle';
import type { Logger } from './logger';

/**
 * What a request handler needs, built once by server/main.ts. Next.js bundles route
 * handlers separately from the custom server, so the one instance travels on globalThis.
 */
export interface Services {
  config: AppConfig;
  db: Db;
  log: Logger;
  /** Publishes a domain event to project rooms (set once Socket.IO is up). */
  publish?: (projectId: string, event: ProjectEvent) => void;
  /** The job queue (absent in servers started without one, e.g. some tests). */
  jobs?: { boss: PgBoss; pool: SqlPool };
  /** Called after annotations are committed: checks the retrain threshold. */
  afterLabels?: (projectId: string) => void;
  /** Imports running at once (IMPORT_MAX_CONCURRENT); made on first use where absent. */
  importSlots?: Semaphore;
}

const KEY = Symbol.for('neuroloop.services');
type WithServices = typeof globalThis & { [KEY]?: Services };

export function setServices(services: Services): void {
  (globalThis as WithServices)[KEY] = services;
}

export function getServices(): Services {
  const s = (globalThis as WithServices)[KEY];
  if (!s) throw new Error('Services are not initialised: start the app with `npm start` (server/main.ts).');
  return s;
}
