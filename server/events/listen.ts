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
  let client: pg.Client | null = null;
  let stopped = false;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (msg) => {
      if (msg.channel !== EVENTS_CHANNEL || !msg.payload) return;
      const parsed = crossProcessEventSchema.safeParse(JSON.parse(msg.payload));
      if (parsed.success) onEvent(parsed.data);
      else log.warn({ payload: msg.payload.slice(0, 200) }, 'ignored malformed event');
    });
    c.on('error', (err) => {
      log.warn({ err }, 'event listener connection lost; reconnecting');
      c.end().catch(() => {});
      if (!stopped) setTimeout(() => void connect().catch((e: unknown) => log.error({ err: e }, 'reconnect failed')), 1000);
    });
    await c.connect();
    await c.query(`LISTEN ${EVENTS_CHANNEL}`);
    client = c;
  };
  await connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => {});
  };
}
