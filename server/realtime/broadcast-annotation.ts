import type { AnnotationEvent } from '@/lib/realtime/protocol';
import type { Logger } from '@/server/logger';
import type { BroadcastBatcher } from './broadcast-batcher';
import { toOtherServers } from './cluster-adapter';
import { clinicianRoom, projectRoom, userRoom } from './rooms';
import type { IoServer } from './socket-types';

/** What every app server needs to route a committed annotation to its own connections. */
export interface AnnotationDelivery {
  projectId: string;
  event: AnnotationEvent;
  blindMode: boolean;
  authorIds: string[];
  complete: boolean;
}

/**
 * Sends a committed annotation to everyone in its project, after COMMIT. This server's
 * connections get it at the end of this event-loop turn (batched with the turn's other
 * broadcasts); the other servers, if any is alive, get it through serverSideEmit and
 * deliver it to theirs. (A plain cluster-wide emit would first wait for the adapter's
 * NOTIFY round trip before delivering even locally.)
 */
export function broadcastAnnotation(
  r: { io: IoServer; broadcasts: BroadcastBatcher; clustered: boolean; services: { log: Logger } },
  d: AnnotationDelivery,
): void {
  deliverAnnotation(r.broadcasts, d);
  if (r.clustered) toOtherServers(r.io, r.services.log, () => r.io.serverSideEmit('annotation:relay', d));
}

/**
 * In blind mode only those who may see the scan's labels (its authors; clinicians once
 * its reads are complete) get the row in full; everyone else gets it redacted: the
 * sequence number and the read count, so that their grid and their catch-up stay exact.
 */
export function deliverAnnotation(broadcasts: BroadcastBatcher, d: AnnotationDelivery): void {
  const project = [projectRoom(d.projectId)];
  if (!d.blindMode) return broadcasts.send({ rooms: project, msg: d.event });
  const full = d.authorIds.map((id) => userRoom(d.projectId, id));
  if (d.complete) full.push(clinicianRoom(d.projectId));
  broadcasts.send({ rooms: full, msg: d.event });
  broadcasts.send({ rooms: project, except: full, msg: { ...d.event, annotation: null } });
}
