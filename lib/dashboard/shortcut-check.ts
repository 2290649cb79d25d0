import type { ShortcutReport } from '@/lib/learn/shortcut-check';

/** Below this many labelled scans (or two of some label) the check says it cannot tell yet. */
export const shortcutCheckMinScans = 20;
/** At most this many labelled scans are checked (a seeded, stratified sample): enough for the AUC, bounded in time. */
export const shortcutCheckMaxScans = 2_000;

/** The dashboard's shortcut check of a project's training labels. */
export type ProjectShortcutCheck = (
  | { status: 'checked'; report: ShortcutReport; scans: number; sampled: boolean }
  | { status: 'too-few'; scans: number; needed: number }
) & {
  /** Labelled scans left out because their original file could not be read. */
  unreadable: number;
};
