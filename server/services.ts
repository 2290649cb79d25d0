import type { AppConfig } from './config';
import type { Db } from './db/client';
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
  publish?: (projectId: string, event: { type: string; [k: string]: unknown }) => void;
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
