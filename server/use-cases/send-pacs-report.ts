import { AppError } from '@/lib/errors/app-error';
import type { Db } from '@/server/store/handle';
import { buildCapture } from '@/server/pacs/build-capture';
import { buildReport } from '@/server/pacs/build-report';
import { fetchReportStudy } from '@/server/pacs/fetch-report-study';
import { loadGradCamCapture, type GradCamDeps } from '@/server/pacs/load-grad-cam-capture';
import { newUid } from '@/server/pacs/new-uid';
import { connectSource, type PacsContext } from '@/server/pacs/pacs-context';
import {
  findLatestPacsSeriesImport,
  findProjectScan,
  insertPacsReport,
  listScanPredictionsByVersions,
  listScanReaderIds,
  setPacsReportFailed,
  setPacsReportSucceeded,
} from '@/server/store/pacs';
import { findProjectOrThrow } from '@/server/store/project-views';
import { computeTrainingLabels } from './compute-training-labels';
import { getPacsSourceOrThrow } from './get-pacs-source-or-throw';
import { listActiveModelVersions } from './list-active-model-versions';
import { recordAuditEvent } from './record-audit-event';

export interface SendPacsReportInput {
  projectId: string;
  userId: string | null;
  scanId: string;
  /** The source to send to; by default the one the scan's series was imported from. */
  sourceId?: string;
  /** Add the active model's probabilities for the scan. */
  includeModel?: boolean;
  /** Add the model's Grad-CAM over the slice as a secondary capture the report refers to (implies includeModel). */
  includeGradCam?: boolean;
}

export interface SentReport {
  reportId: string;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  label: string;
  source: string;
  /** The Grad-CAM secondary capture's instance UID, when one was sent. */
  captureSopInstanceUid: string | null;
}

/**
 * Writes a scan's consensus label (and, when asked, the active model's probabilities and its
 * Grad-CAM as a secondary capture) as a DICOM Structured Report in the scan's study, referencing
 * the scan's instance by its UIDs, and stores it to the PACS with STOW-RS. Every attempt is
 * recorded (PacsReport), failed ones with the reason. The Grad-CAM needs `gradCam` (storage).
 */
export async function sendPacsReport(
  db: Db,
  ctx: PacsContext,
  input: SendPacsReportInput,
  gradCam?: GradCamDeps,
): Promise<SentReport> {
  const project = await findProjectOrThrow(db, input.projectId);
  const scan = await findProjectScan(db, input.projectId, input.scanId);
  if (!scan) throw new AppError({ code: 'NOT_FOUND', message: `No scan ${input.scanId} in this project.` });
  const meta = (scan.dicomMeta ?? {}) as Record<string, unknown>;
  const str = (k: string) => (typeof meta[k] === 'string' ? (meta[k] as string) : '');
  const ref = {
    study: str('StudyInstanceUID'),
    series: str('SeriesInstanceUID'),
    sop: str('SOPInstanceUID'),
    sopClass: str('SOPClassUID'),
  };
  if (!ref.study || !ref.series || !ref.sop || !ref.sopClass)
    throw new AppError({
      code: 'BAD_REQUEST',
      message:
        'This scan has no DICOM study, series and instance UIDs (a PNG/JPEG import): a PACS has nothing to refer it to.',
    });
  const source = await findSource(db, input, ref.series);

  const { labels } = await computeTrainingLabels(db, project);
  const chosen = labels.get(scan.id);
  if (!chosen || chosen.status !== 'train')
    throw new AppError({
      code: 'CONFLICT',
      message: chosen
        ? `This scan has no consensus label yet (${chosen.excluded}); adjudicate it first.`
        : 'This scan has no reads yet.',
    });
  const readers = await listScanReaderIds(db, scan.id);
  const model = input.includeModel || input.includeGradCam ? await activeModelOutput(db, project, scan.id) : undefined;
  if (input.includeGradCam && !gradCam)
    throw new AppError({ code: 'BAD_REQUEST', message: 'A Grad-CAM needs the storage folder of this installation.' });
  const capture =
    model && input.includeGradCam && gradCam
      ? {
          ...(await loadGradCamCapture(db, gradCam, {
            modelVersionId: model.versionId,
            modelName: model.name,
            scan,
            labels: project.labels,
          })),
          model: model.name,
          uids: { sopInstanceUid: newUid(), seriesInstanceUid: newUid() },
        }
      : undefined;
  const captureUids = capture?.uids;

  const uids = { sopInstanceUid: newUid(), seriesInstanceUid: newUid() };
  const sourceRef = {
    sopClassUid: ref.sopClass,
    sopInstanceUid: ref.sop,
    seriesInstanceUid: ref.series,
    ...(scan.frameIndex !== null ? { frameNumber: scan.frameIndex + 1 } : {}),
  };
  const report = await insertPacsReport(db, {
    sourceId: source.id,
    scanId: scan.id,
    ...uids,
    label: chosen.label,
    modelVersionId: model?.versionId ?? null,
    captureSopInstanceUid: captureUids?.sopInstanceUid ?? null,
    createdById: input.userId,
  });
  try {
    const client = connectSource(ctx, source);
    const study = await fetchReportStudy(client, ref.study);
    const now = new Date();
    const files: Uint8Array[] = [];
    if (capture)
      files.push(
        buildCapture({
          study,
          source: sourceRef,
          raster: capture.raster,
          explains: { label: capture.label, model: capture.model },
          uids: capture.uids,
          now,
        }),
      );
    files.push(
      buildReport({
        study,
        source: sourceRef,
        consensus: { label: chosen.label, rule: chosen.rule, readers: readers.length },
        model,
        capture: captureUids,
        uids,
        now,
      }),
    );
    await client.store(files);
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    await setPacsReportFailed(db, report.id, error);
    throw e;
  }
  await setPacsReportSucceeded(db, report.id);
  await recordAuditEvent(db, {
    actorId: input.userId,
    projectId: input.projectId,
    action: 'pacs.report.send',
    subject: scan.id,
    details: {
      source: source.name,
      sopInstanceUid: uids.sopInstanceUid,
      label: chosen.label,
      model: model?.name ?? null,
      gradCam: captureUids?.sopInstanceUid ?? null,
    },
  });
  return {
    reportId: report.id,
    ...uids,
    studyInstanceUid: ref.study,
    label: chosen.label,
    source: source.name,
    captureSopInstanceUid: captureUids?.sopInstanceUid ?? null,
  };
}

async function findSource(db: Db, input: SendPacsReportInput, seriesInstanceUid: string) {
  if (input.sourceId) return getPacsSourceOrThrow(db, input.projectId, input.sourceId);
  const pulled = await findLatestPacsSeriesImport(db, input.projectId, seriesInstanceUid);
  if (!pulled)
    throw new AppError({
      code: 'BAD_REQUEST',
      message: 'This scan was not imported from a PACS source of this project: name the source to send to.',
    });
  return pulled.source;
}

async function activeModelOutput(db: Db, project: { id: string; labels: string[] }, scanId: string) {
  const versions = await listActiveModelVersions(db, project.id);
  const predictions = await listScanPredictionsByVersions(
    db,
    scanId,
    versions.map((v) => v.id),
  );
  const latest = predictions[0];
  if (!latest)
    throw new AppError({
      code: 'CONFLICT',
      message: 'No active model has scored this scan yet: send without the model, or wait for the next scoring.',
    });
  return {
    versionId: latest.modelVersionId,
    name: `NeuroLoop ${latest.modelVersion.kind.toLowerCase()} v${latest.modelVersion.version}`,
    probabilities: project.labels.map((label, i) => ({ label, probability: latest.probabilities[i] ?? 0 })),
  };
}
