import { randomUUID } from 'node:crypto';
import { AppError } from '@/lib/errors/app-error';
import { addPacsSourceSchema, type AddPacsSourceInput } from '@/lib/pacs/source-schema';
import type { PacsSourceView } from '@/lib/pacs/source-view';
import { normalizePacsUrl } from '@/lib/pacs/source-url';
import { isUniqueViolation, type Db } from '@/server/store/handle';
import { insertPacsSource } from '@/server/store/pacs';
import type { PacsContext } from '@/server/pacs/pacs-context';
import { sealAuth } from '@/server/pacs/seal-auth';
import { toSourceView } from '@/server/pacs/to-source-view';
import { recordAuditEvent } from './record-audit-event';

/** A lead connects a DICOMweb server to a project. The URL is checked; the secret is sealed. */
export async function addPacsSource(
  db: Db,
  ctx: Pick<PacsContext, 'key'>,
  input: { projectId: string; userId: string | null; source: AddPacsSourceInput },
): Promise<PacsSourceView> {
  const s = addPacsSourceSchema.parse(input.source);
  const baseUrl = normalizePacsUrl(s.baseUrl);
  const id = randomUUID();
  try {
    const row = await insertPacsSource(db, {
      id,
      projectId: input.projectId,
      name: s.name,
      baseUrl,
      ...sealAuth(ctx.key, id, s.auth),
      filter: s.filter,
      syncIntervalMinutes: s.syncIntervalMinutes,
      sendAfterAdjudication: s.sendAfterAdjudication,
      createdById: input.userId,
    });
    await recordAuditEvent(db, {
      actorId: input.userId,
      projectId: input.projectId,
      action: 'pacs.source.add',
      subject: row.id,
      details: { name: s.name, baseUrl, auth: s.auth.kind },
    });
    return toSourceView(row);
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError({ code: 'CONFLICT', message: `This project already has a PACS source named "${s.name}".` });
    throw e;
  }
}
