import { prepareImportItem, type PrepareInput, type PreparedItem } from './prepare-import-item';
import { storeScanFiles, type ScanFilesInput } from './store-scan-files';

/** The work an import hands to a decode worker (or does inline), and what each answers. */
export type DecodeTask = { kind: 'prepare'; input: PrepareInput } | { kind: 'store'; input: ScanFilesInput };
export interface DecodeResults {
  prepare: PreparedItem;
  store: ReturnType<typeof storeScanFiles>;
}
export type DecodeAnswer = DecodeResults[DecodeTask['kind']];

export async function runDecodeTask(task: DecodeTask): Promise<DecodeAnswer> {
  return task.kind === 'prepare' ? prepareImportItem(task.input) : storeScanFiles(task.input);
}

/** The buffers of a message that may move instead of being copied: those that own all their memory. */
export function transferable(views: (Uint8Array | undefined)[]): ArrayBuffer[] {
  const owned = views.filter(
    (v): v is Uint8Array => v !== undefined && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength,
  );
  return [...new Set(owned.map((v) => v.buffer as ArrayBuffer))];
}
