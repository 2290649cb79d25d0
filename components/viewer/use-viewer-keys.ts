import { viewerKeyCommand, type PresetKeyMode, type ViewerCommand } from './viewer-keys';
import { useWindowKeys } from './use-window-keys';

/** Viewer shortcuts on the window, so they work without focusing the canvas. */
export function useViewerKeys(
  enabled: boolean,
  presetKeys: PresetKeyMode,
  onCommand: (command: ViewerCommand) => void,
): void {
  useWindowKeys(enabled, (e) => viewerKeyCommand(e, presetKeys), onCommand);
}
