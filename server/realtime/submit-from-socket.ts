import type { ClientMessage, SubmitResult } from '@/lib/realtime/protocol';
import { getScanStateFrom, scanStateWithView } from '@/server/use-cases/get-scan-state';
import { submitAnnotation } from '@/server/use-cases/submit-annotation';
import { broadcastAnnotation } from './broadcast-annotation';
import { actorOf, memberOrThrow, type RealtimeContext } from './realtime-context';
import type { IoSocket } from './socket-types';

/**
 * A label from a connection: committed, then broadcast (after COMMIT), then acked. The
 * retrain trigger hears of every new row; a submit that lifted blind mode for its
 * author answers with the scan's full state (for a new row, as its write read it).
 */
export async function submitFromSocket(
  ctx: RealtimeContext,
  socket: IoSocket,
  msg: Extract<ClientMessage, { type: 'annotation.submit' }>,
): Promise<SubmitResult> {
  const { projectId } = memberOrThrow(socket);
  const user = actorOf(socket);
  const { idempotencyKey, scanId, supersedesId, intent } = msg;
  const db = ctx.services.db;
  const result = await submitAnnotation(db, ctx.sql, {
    projectId,
    user,
    input: { idempotencyKey, scanId, supersedesId, intent },
    cache: ctx.scanRows,
  });
  broadcastAnnotation(ctx, {
    projectId,
    event: result.event,
    blindMode: result.blindMode,
    authorIds: result.authorIds,
    complete: result.complete,
  });
  if (socket.data.claim?.scanId === scanId) socket.data.claim = null;
  // The others' copies leave first; the trigger, the author's revealed state and the ack follow.
  await ctx.broadcasts.afterFlush();
  if (!result.replay) ctx.services.afterLabels?.(projectId);
  const { snapshot, view } = result;
  // A new row's write read the revealed view itself; a replay reads it now.
  const revealed = !result.revealed
    ? null
    : view
      ? scanStateWithView({ scanId, user, snapshot }, view)
      : await getScanStateFrom(ctx.sql, { projectId, scanId, user, snapshot });
  return { annotation: result.event, revealed };
}
