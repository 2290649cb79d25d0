import { useEffect, useEffectEvent } from 'react';
import { shouldIgnoreKey } from './viewer-keys';

/**
 * Keyboard shortcuts on the window, so they work without focusing anything: `toCommand` maps a
 * key to a command or null. A key some other handler already consumed (defaultPrevented), or
 * one typed into a field, is left alone; a key that maps to a command is consumed.
 */
export function useWindowKeys<C>(
  enabled: boolean,
  toCommand: (e: KeyboardEvent) => C | null,
  onCommand: (command: C) => void,
): void {
  const handle = useEffectEvent((e: KeyboardEvent) => {
    if (e.defaultPrevented || shouldIgnoreKey(e, e.target)) return;
    const command = toCommand(e);
    if (command === null) return;
    e.preventDefault();
    onCommand(command);
  });
  useEffect(() => {
    if (!enabled) return;
    const listener = (e: KeyboardEvent): void => handle(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [enabled]);
}
