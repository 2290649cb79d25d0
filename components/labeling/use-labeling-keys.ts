'use client';

import { useWindowKeys } from '@/components/viewer/use-window-keys';
import { labelingKeyCommand, type LabelingCommand } from './labeling-keys';

/** The labelling keys on the window (a key another handler consumed is left alone). */
export function useLabelingKeys(
  enabled: boolean,
  labelCount: number,
  onCommand: (command: LabelingCommand) => void,
): void {
  useWindowKeys(enabled, (e) => labelingKeyCommand(e, labelCount), onCommand);
}
