import type { ScanSplit } from './import-report';

const splitFolders: Record<string, ScanSplit> = {
  training: 'TRAIN',
  train: 'TRAIN',
  testing: 'TEST',
  test: 'TEST',
  validation: 'VALIDATION',
  val: 'VALIDATION',
  valid: 'VALIDATION',
};

/**
 * The split and prior label a dataset folder layout implies: `.../Training/<class>/file`
 * gives TRAIN and <class>. A class is only read under a split folder, so ordinary
 * folders (patient/series/...) never become labels.
 */
export function inferFromLayout(relativeName: string): { split?: ScanSplit; label?: string } {
  const segments = relativeName.split('/').filter(Boolean);
  for (let i = segments.length - 2; i >= 0; i--) {
    const split = splitFolders[segments[i].toLowerCase()];
    if (!split) continue;
    const label = i + 1 < segments.length - 1 ? segments[i + 1] : undefined;
    return { split, label };
  }
  return {};
}
