import pg from 'pg';

/** What a NOTIFY is sent through: a pool or one of its connections. */
export type NotifyClient = Pick<pg.Client, 'query'>;

/** Sends `payload` to the channel's listeners (delivered when the sending transaction commits). */
export async function sendNotification(client: NotifyClient, channel: string, payload: string): Promise<void> {
  await client.query('SELECT pg_notify($1, $2)', [channel, payload]);
}

export interface ChannelListener {
  close(): Promise<void>;
}

/**
 * A connection of its own that LISTENs on `channel`: each notification's payload goes to
 * `onPayload`. When the connection fails it is closed and `onLost` is told; reconnecting is
 * the caller's choice.
 */
export async function openChannelListener(
  url: string,
  channel: string,
  handlers: { onPayload: (payload: string) => void; onLost: (err: Error) => void },
): Promise<ChannelListener> {
  const c = new pg.Client({ connectionString: url });
  c.on('notification', (msg) => {
    if (msg.channel !== channel || !msg.payload) return;
    handlers.onPayload(msg.payload);
  });
  c.on('error', (err) => {
    c.end().catch(() => {});
    handlers.onLost(err);
  });
  await c.connect();
  await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
  return { close: () => c.end() };
}
