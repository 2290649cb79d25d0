import type { MouseEvent } from 'react';
import { presetShortcut, type PresetKeyMode, type ViewerCommand } from './viewer-keys';
import type { ViewerPreset } from './viewer-presets';

export interface ViewerToolbarProps {
  presets: readonly ViewerPreset[];
  activePresetId: string | null;
  presetKeys: PresetKeyMode;
  inverted: boolean;
  disabled: boolean;
  onCommand(command: ViewerCommand): void;
}

const buttonClass =
  'rounded px-2 py-1 text-xs font-medium text-neutral-200 hover:bg-neutral-700 aria-pressed:bg-sky-600 aria-pressed:text-white ' +
  'disabled:cursor-not-allowed disabled:opacity-40 focus-visible:outline-2 focus-visible:outline-sky-400';

// A mouse click must not leave focus on the button: Space would then press it again
// instead of resetting the viewer. Keyboard users still reach the buttons with Tab.
const keepFocus = (e: MouseEvent): void => e.preventDefault();

export function ViewerToolbar({
  presets,
  activePresetId,
  presetKeys,
  inverted,
  disabled,
  onCommand,
}: ViewerToolbarProps) {
  const tool = (label: string, title: string, command: ViewerCommand, pressed?: boolean, key = label) => (
    <button
      key={key}
      type="button"
      className={buttonClass}
      title={title}
      aria-pressed={pressed}
      disabled={disabled}
      onMouseDown={keepFocus}
      onClick={() => onCommand(command)}
    >
      {label}
    </button>
  );

  return (
    <div className="flex flex-wrap items-center gap-1 border-b border-neutral-800 bg-neutral-900 px-2 py-1">
      <div role="group" aria-label="Window presets" className="flex flex-wrap gap-1">
        {presets.map((p) =>
          tool(
            p.label,
            `${p.description} (${presetShortcut(p.digit, presetKeys).join('+')})`,
            { type: 'preset', digit: p.digit },
            p.id === activePresetId,
            p.id,
          ),
        )}
      </div>
      <div role="group" aria-label="View" className="ml-auto flex gap-1">
        {tool('Invert', 'Invert greyscale (I)', { type: 'invert' }, inverted)}
        {tool('Fit', 'Fit image to the viewport (F)', { type: 'fit' })}
        {tool('Reset', 'Reset zoom, pan, window and invert (Space)', { type: 'reset' })}
      </div>
    </div>
  );
}
