import { stat } from 'node:fs/promises';
import sharp from 'sharp';
import { fileTraitsOf, type FileTraits } from '@/lib/learn/file-traits';
import {
  shortcutCheckMaxScans,
  shortcutCheckMinScans,
  type ProjectShortcutCheck,
} from '@/lib/dashboard/shortcut-check';
import { checkShortcuts } from '@/lib/learn/shortcut-check';
import { stratifiedKFold, stratifiedSample } from '@/lib/learn/splits';
import { createRng } from '@/lib/random';
import { resolveStoragePath } from '@/server/imaging/scan-storage';
import type { Db } from '@/server/store/handle';
import { findScanFileFacts } from '@/server/store/scans';
import { currentTrainingLabels } from './compute-training-labels';
import { memoized } from './get-project-agreement';

/** A scan's file never changes (content-addressed storage): its traits are read once per process. */
const traitsCache = new Map<string, FileTraits>();
const traitsCacheMax = 50_000;

async function traitsOf(
  storageDir: string,
  scan: { id: string; width: number; height: number; originalPath: string; dicomMeta: unknown },
): Promise<FileTraits> {
  const known = traitsCache.get(scan.id);
  if (known) return known;
  const file = resolveStoragePath(storageDir, scan.originalPath);
  const fileBytes = (await stat(file)).size;
  // DICOM attributes as stored, or the PNG/JPEG header as the import read it (decode-raster).
  const dicom = scan.dicomMeta as Record<string, unknown> | null;
  const meta: Record<string, unknown> =
    dicom ??
    (await sharp(file, { limitInputPixels: false })
      .metadata()
      .then((m) => ({ format: m.format ?? 'unknown', channels: m.channels, bitDepth: m.depth === 'ushort' ? 16 : 8 })));
  const traits = fileTraitsOf({ width: scan.width, height: scan.height, modality: '', meta }, fileBytes);
  if (traitsCache.size >= traitsCacheMax) traitsCache.delete(traitsCache.keys().next().value!);
  traitsCache.set(scan.id, traits);
  return traits;
}

/**
 * Can the project's training labels be told from what should not matter: each scan's width,
 * height, file format, channels, bit depth and file size (lib/learn/shortcut-check)? Computed
 * once per label state, on the scans whose label trains the models.
 */
export function getShortcutCheck(
  db: Db,
  project: { id: string; labels: string[]; consensusThreshold: number; lastSequence: bigint },
  storageDir: string,
): Promise<ProjectShortcutCheck> {
  const key = ['shortcut-check', project.id, project.lastSequence, project.labels.join('\u0001')].join('|');
  return memoized(key, () => computeShortcutCheck(db, project, storageDir), { store: 'shortcut-check', max: 8 });
}

async function computeShortcutCheck(
  db: Db,
  project: { id: string; labels: string[]; consensusThreshold: number; lastSequence: bigint },
  storageDir: string,
): Promise<ProjectShortcutCheck> {
  const training = await currentTrainingLabels(db, project);
  let labelled = [...training.labels]
    .flatMap(([scanId, l]) =>
      l.status === 'train' && project.labels.includes(l.label) ? [{ scanId, y: project.labels.indexOf(l.label) }] : [],
    )
    .sort((a, b) => (a.scanId < b.scanId ? -1 : 1));
  const present = labelCounts(
    labelled.map((l) => l.y),
    project.labels.length,
  );
  if (tooFew(labelled.length, present))
    return { status: 'too-few', scans: labelled.length, needed: shortcutCheckMinScans, unreadable: 0 };
  const scans = labelled.length;
  const sampled = scans > shortcutCheckMaxScans;
  if (sampled) labelled = stratifiedSample(labelled, (l) => l.y, shortcutCheckMaxScans, createRng(0x5c));
  const facts = new Map(
    (
      await findScanFileFacts(
        db,
        labelled.map((l) => l.scanId),
      )
    ).map((s) => [s.id, s]),
  );
  const rows: { traits: FileTraits; y: number }[] = [];
  let unreadable = 0;
  for (const l of labelled) {
    const scan = facts.get(l.scanId);
    if (!scan) continue;
    try {
      rows.push({ traits: await traitsOf(storageDir, scan), y: l.y });
    } catch {
      // Its original is missing or unreadable: left out, and counted so the page can say so.
      unreadable += 1;
    }
  }
  const y = rows.map((r) => r.y);
  const inUse = labelCounts(y, project.labels.length);
  if (tooFew(rows.length, inUse))
    return { status: 'too-few', scans: rows.length, needed: shortcutCheckMinScans, unreadable };
  const report = checkShortcuts({
    traits: rows.map((r) => r.traits),
    y,
    labels: project.labels,
    folds: stratifiedKFold(y, Math.max(2, Math.min(5, Math.min(...inUse))), createRng(0x5c)),
  });
  return { status: 'checked', report, scans: scans - unreadable, sampled, unreadable };
}

/** How many scans carry each label that occurs at all. */
function labelCounts(y: readonly number[], classCount: number): number[] {
  const counts = new Array<number>(classCount).fill(0);
  for (const c of y) counts[c] += 1;
  return counts.filter((n) => n > 0);
}

/** Too few to cross-validate: under the minimum, one label only, or a label seen once. */
function tooFew(scans: number, counts: readonly number[]): boolean {
  return scans < shortcutCheckMinScans || counts.length < 2 || Math.min(...counts) < 2;
}
