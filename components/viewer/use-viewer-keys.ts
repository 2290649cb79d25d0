import { useEffect, useEffectEvent } from 'react';
import { shouldIgnoreKey, viewerKeyCommand, type PresetKeyMode, type ViewerCommand } from './viewer-keys';

/**
 * Viewer shortcuts on the window, so they work without focusing the canvas. A key some
 * other handler already consumed (defaultPrevented) is left alone.
 */
export function useViewerKeys(enabled: boolean, presetKeys: PresetKeyMode, onCommand: (command: ViewerCommand) => void): void {
  const handle = useEffectEvent((e: KeyboardEvent) => {
    if (e.defaultPrevented || shouldIgnoreKey(e, e.target)) return;
    const command = viewerKeyCommand(e, presetKeys);
    if (!command) return;
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
