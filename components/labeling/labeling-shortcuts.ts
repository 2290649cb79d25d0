import type { ShortcutGroup } from '@/components/viewer/shortcut-sheet';

/** The labelling shortcuts for the sheet, with the project's class names. */
export function labelingShortcutGroup(labels: readonly string[], canAdjudicate: boolean): ShortcutGroup {
  return {
    title: 'Labelling',
    items: [
      ...labels.slice(0, 9).map((l, i) => ({ keys: [String(i + 1)], description: `Label: ${l}` })),
      { keys: ['A'], description: "Accept the model's prediction (asks first when you have a read)" },
      { keys: ['R'], description: 'Reject the prediction (then a number for multi-class)' },
      { keys: ['U'], description: 'Undo your last change (a new entry; nothing is deleted)' },
      { keys: ['N'], description: 'Next scan that needs your read (skips this one: it comes back last)' },
      { keys: ['P'], description: 'Back to the previous scan (Backspace too)' },
      ...(canAdjudicate
        ? [{ keys: ['J'], description: 'Switch between your read and adjudication (the reference label)' }]
        : []),
      { keys: ['Esc'], description: 'Cancel a reject' },
      { keys: ['?'], description: 'This sheet' },
    ],
  };
}
