import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PacsInstanceFailure } from '@/lib/pacs/series-row';
import { jsonString, tags } from './dicom-json';
import type { PacsClient } from './pacs-client';

const LIST_PAGE = 1000;

export interface DownloadedInstance {
  sopInstanceUid: string;
  filePath: string;
}

/** The SOP Instance UIDs of a series, page by page (a PACS may cap one answer). */
export async function listSeriesInstances(
  client: PacsClient,
  uids: { study: string; series: string },
): Promise<string[]> {
  const seen = new Set<string>();
  for (let offset = 0; ; offset += LIST_PAGE) {
    const page = await client.searchInstances(uids.study, uids.series, {
      includefield: tags.InstanceNumber,
      limit: String(LIST_PAGE),
      offset: String(offset),
    });
    for (const ds of page) {
      const sop = jsonString(ds, tags.SOPInstanceUID);
      if (sop) seen.add(sop);
    }
    if (page.length < LIST_PAGE) break;
  }
  return [...seen];
}

/**
 * Fetches every instance of a series into `dir` (WADO-RS, as stored), `concurrency` at a time;
 * the client retries passing failures with backoff. An instance that still fails is listed
 * with its reason instead of stopping the others.
 */
export async function downloadSeries(
  client: PacsClient,
  input: { study: string; series: string; sops: string[]; dir: string; concurrency: number },
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<{ files: DownloadedInstance[]; failures: PacsInstanceFailure[] }> {
  const files: DownloadedInstance[] = [];
  const failures: PacsInstanceFailure[] = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < input.sops.length) {
      const index = next++;
      const sop = input.sops[index];
      try {
        const bytes = await client.retrieveInstance({ study: input.study, series: input.series, sop });
        const filePath = path.join(input.dir, `${String(index).padStart(6, '0')}.dcm`);
        await writeFile(filePath, bytes);
        files.push({ sopInstanceUid: sop, filePath });
      } catch (e) {
        failures.push({ sopInstanceUid: sop, reason: 'download', message: e instanceof Error ? e.message : String(e) });
      }
      onProgress(++done, input.sops.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(input.concurrency, input.sops.length) }, worker));
  files.sort((a, b) => a.filePath.localeCompare(b.filePath));
  return { files, failures };
}
