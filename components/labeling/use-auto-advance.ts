'use client';

import { useState } from 'react';
import type { ReaderPreferences } from '@/lib/schemas/preferences';

/**
 * The reader's auto-advance preference: shown at once, saved on the server (PATCH
 * /api/me/preferences); a save that fails puts the switch back and says why.
 */
export function useAutoAdvance(initial: boolean) {
  const [autoAdvance, setLocal] = useState(initial);
  const [error, setError] = useState<string | null>(null);

  const setAutoAdvance = (next: boolean): void => {
    setLocal(next);
    setError(null);
    void save({ autoAdvance: next }).then((problem) => {
      if (!problem) return;
      setLocal(!next);
      setError(problem);
    });
  };
  return { autoAdvance, setAutoAdvance, error };
}

async function save(change: Partial<ReaderPreferences>): Promise<string | null> {
  try {
    const res = await fetch('/api/me/preferences', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(change),
    });
    const out = (await res.json()) as { ok: boolean; error?: { message: string } };
    return out.ok ? null : `The preference was not saved: ${out.error?.message ?? res.statusText}`;
  } catch {
    return 'The preference was not saved: the server could not be reached.';
  }
}
