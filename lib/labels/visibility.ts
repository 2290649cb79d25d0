import { hasRole, type Role } from '@/lib/auth/roles';

export interface VisibilityInput {
  blindMode: boolean;
  /** The user has authored a row on the scan (their read, even if later retracted). */
  authored: boolean;
  role: Role;
  readCount: number;
  readsPerScan: number;
}

/**
 * Blind mode (anchoring): other readers' labels, the reference and the model's
 * predictions stay hidden from a user until they have submitted their own read.
 * Clinicians and above also see a scan whose independent reads are all in, so that
 * they can adjudicate it without becoming one of its readers.
 */
export function canSeeOthers(v: VisibilityInput): boolean {
  if (!v.blindMode || v.authored) return true;
  return hasRole(v.role, 'CLINICIAN') && v.readCount >= v.readsPerScan;
}
