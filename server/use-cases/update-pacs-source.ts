import { updatePacsSourceSchema, type UpdatePacsSourceInput } from '@/lib/pacs/source-schema';
import type { PacsSourceView } from '@/lib/pacs/source-view';
import { normalizePacsUrl } from '@/lib/pacs/source-url';
import type { Db } from '@/server/store/handle';
import { setPacsSourceSettings } from '@/server/store/pacs';
import type { PacsContext } from '@/server/pacs/pacs-context';
import { sealAuth } from '@/server/pacs/seal-auth';
import { toSourceView } from '@/server/pacs/to-source-view';
import { getPacsSourceOrThrow } from './get-pacs-source-or-throw';
import { recordAuditEvent } from './record-audit-event';

/** Changes a source's URL, credentials, filter or sync; what is not given stays. */
export async function updatePacsSource(
  db: Db,
  ctx: Pick<PacsContext, 'key'>,
  input: { projectId: string; userId: string | null; sourceId: string; changes: UpdatePacsSourceInput },
): Promise<PacsSourceView> {
  const c = updatePacsSourceSchema.parse(input.changes);
  const source = await getPacsSourceOrThrow(db, input.projectId, input.sourceId);
  const row = await setPacsSourceSettings(db, source.id, {
    ...(c.baseUrl !== undefined ? { baseUrl: normalizePacsUrl(c.baseUrl) } : {}),
    ...(c.auth !== undefined ? sealAuth(ctx.key, source.id, c.auth) : {}),
    ...(c.filter !== undefined ? { filter: c.filter } : {}),
    ...(c.syncIntervalMinutes !== undefined ? { syncIntervalMinutes: c.syncIntervalMinutes } : {}),
    ...(c.sendAfterAdjudication !== undefined ? { sendAfterAdjudication: c.sendAfterAdjudication } : {}),
  });
  await recordAuditEvent(db, {
    actorId: input.userId,
    projectId: input.projectId,
    action: 'pacs.source.update',
    subject: source.id,
    details: { changed: Object.keys(c) },
  });
  return toSourceView(row);
}
