import { z } from 'zod';
import { projectEventSchema } from '@/lib/events/project-event';
import { sendNotification, type NotifyClient } from '@/server/store/notify';

/**
 * Domain events that cross processes (trainer → app servers) travel over PostgreSQL
 * LISTEN/NOTIFY on one channel; each app server relays them to its Socket.IO rooms.
 */
export const EVENTS_CHANNEL = 'neuroloop_events';

export const crossProcessEventSchema = z.object({
  projectId: z.string(),
  event: projectEventSchema,
});
export type CrossProcessEvent = z.infer<typeof crossProcessEventSchema>;

/** NOTIFY payloads are limited to 8000 bytes: events carry ids and small progress, never data. */
export async function notifyEvent(client: NotifyClient, e: CrossProcessEvent): Promise<void> {
  const payload = JSON.stringify(e);
  if (Buffer.byteLength(payload) > 7900) throw new Error(`Event ${e.event.type} is too large for NOTIFY`);
  await sendNotification(client, EVENTS_CHANNEL, payload);
}
