'use client';

import { useEffect, useEffectEvent } from 'react';
import { shouldIgnoreKey } from '@/components/viewer/viewer-keys';
import { labelingKeyCommand, type LabelingCommand } from './labeling-keys';

/** The labelling keys on the window (a key another handler consumed is left alone). */
export function useLabelingKeys(enabled: boolean, labelCount: number, onCommand: (command: LabelingCommand) => void): void {
  const handle = useEffectEvent((e: KeyboardEvent) => {
    if (e.defaultPrevented || shouldIgnoreKey(e, e.target)) return;
    const command = labelingKeyCommand(e, labelCount);
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
