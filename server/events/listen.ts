import type { Logger } from '@/server/logger';
import { openChannelListener, type ChannelListener } from '@/server/store/notify';
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
  let listener: ChannelListener | null = null;
  let stopped = false;
  const connect = async (): Promise<void> => {
    listener = await openChannelListener(url, channel, {
      onPayload: (payload) => {
        try {
          onPayload(payload);
        } catch (err) {
          log.warn({ err, channel }, 'ignored a notification that failed to handle');
        }
      },
      onLost: (err) => {
        log.warn({ err }, 'event listener connection lost; reconnecting');
        if (!stopped)
          setTimeout(() => void connect().catch((e: unknown) => log.error({ err: e }, 'reconnect failed')), 1000);
      },
    });
  };
  await connect();
  return async () => {
    stopped = true;
    await listener?.close().catch(() => {});
  };
}
