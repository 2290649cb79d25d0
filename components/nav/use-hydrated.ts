'use client';

import { useSyncExternalStore } from 'react';

const subscribe = (): (() => void) => () => undefined;

/**
 * False in the server's HTML and until the page's script has taken it over, true after: a
 * button that only works with script can stay disabled until then, rather than look ready
 * and ignore a click on a slow connection.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
