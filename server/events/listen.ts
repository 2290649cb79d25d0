import pg from 'pg';
import type { Logger } from '@/server/logger';
import { EVENTS_CHANNEL, crossProcessEventSchema, type CrossProcessEvent } from './notify';

/**
 * Relays NOTIFY events to a callback, reconnecting after a dropped connection.
 * Returns a stop function.
 */
export async function listenForEvents(
  url: string,
  log: Logger,
  onEvent: (e: CrossProcessEvent) => void,
): Promise<() => Promise<void>> {
  return listenOnChannel(url, EVENTS_CHANNEL, log, (payload) => {
    const parsed = crossProcessEventSchema.safeParse(JSON.parse(payload));
    if (parsed.success) onEvent(parsed.data);
    else
      log.warn({ payload: payload.slice(0, 200), issues: parsed.error.issues.slice(0, 3) }, 'ignored malformed event');
  });
}

/** Relays one channel's NOTIFY payloads, reconnecting after a dropped connection. Returns a stop function. */
export async function listenOnChannel(
  url: string,
  channel: string,
  log: Logger,
  onPayload: (payload: string) => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let stopped = false;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (msg) => {
      if (msg.channel !== channel || !msg.payload) return;
      try {
        onPayload(msg.payload);
      } catch (err) {
        log.warn({ err, channel }, 'ignored a notification that failed to handle');
      }
    });
    c.on('error', (err) => {
      log.warn({ err }, 'event listener connection lost; reconnecting');
      c.end().catch(() => {});
      if (!stopped)
        setTimeout(() => void connect().catch((e: unknown) => log.error({ err: e }, 'reconnect failed')), 1000);
    });
    await c.connect();
    await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    client = c;
  };
  await connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => {});
  };
}
