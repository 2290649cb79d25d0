'use client';

import { useState } from 'react';
import type { LiveProject, LiveSession } from '@/lib/realtime/live-session';
import type { ScanView } from '@/lib/realtime/scan-view';
import type { LabelingCommand } from './labeling-keys';

export interface LabelingContext {
  session: LiveSession | null;
  view: ScanView | null;
  project: LiveProject;
  mode: 'read' | 'adjudicate';
  primaryId: string | null;
  canAdjudicate: boolean;
  autoAdvance: boolean;
  onToggleMode(): void;
  onHelp(): void;
}

/** Turns keys and clicks into session edits: labels, accept/reject, undo, next, adjudication. */
export function useLabelingActions(ctx: LabelingContext) {
  const [rejecting, setRejecting] = useState(false);
  const { session, view, project, mode, primaryId } = ctx;
  const notice = (message: string) => session?.dispatch({ type: 'notice', kind: 'info', message });
  const usable = session !== null && view !== null && view.loaded;
  const afterRead = () => {
    if (ctx.autoAdvance) void session?.claimNext();
  };

  const label = (index: number): void => {
    const name = project.labels[index];
    if (!usable || !name) return;
    if (mode === 'adjudicate') {
      if (view.reference.labels?.length !== 1 || view.reference.labels[0] !== name) session.submit({ kind: 'adjudicate', labels: [name] });
      return;
    }
    if (rejecting && primaryId) {
      setRejecting(false);
      if (session.submit({ kind: 'reject', predictionId: primaryId, labels: [name] })) afterRead();
      return;
    }
    const current = view.mine.labels ?? [];
    let labels = [name];
    if (project.task === 'MULTILABEL') {
      labels = current.includes(name) ? current.filter((l) => l !== name) : [...current, name];
      if (labels.length === 0) return notice('A read needs at least one label; press U to take it back.');
    } else if (current.length === 1 && current[0] === name) {
      return;
    }
    const predictionId = !view.blinded && primaryId ? primaryId : undefined;
    if (session.submit({ kind: 'label', labels, ...(predictionId ? { predictionId } : {}) })) afterRead();
  };

  const run = (cmd: LabelingCommand): void => {
    switch (cmd.type) {
      case 'label':
        return label(cmd.index);
      case 'accept':
        if (!usable) return;
        if (!primaryId) return notice(view.blinded ? 'Predictions are hidden until you submit your read.' : 'No model prediction for this scan yet.');
        if (session.submit({ kind: 'accept', predictionId: primaryId })) afterRead();
        return;
      case 'reject': {
        if (!usable) return;
        if (!primaryId) return notice(view.blinded ? 'Predictions are hidden until you submit your read.' : 'No model prediction for this scan yet.');
        const prediction = view.predictions.find((p) => p.id === primaryId);
        if (project.labels.length === 2 && prediction) {
          // Binary: rejecting the model's answer is choosing the other class.
          const predicted = prediction.probabilities[1] >= prediction.probabilities[0] ? 1 : 0;
          if (session.submit({ kind: 'reject', predictionId: primaryId, labels: [project.labels[1 - predicted]] })) afterRead();
          return;
        }
        setRejecting(true);
        return;
      }
      case 'undo':
        if (usable) session.submit({ kind: 'undo', chain: mode === 'adjudicate' ? 'reference' : 'read' });
        return;
      case 'next':
        setRejecting(false);
        void session?.claimNext().then((r) => r === 'offline' && notice('Offline: the next scan can be fetched once the connection returns.'));
        return;
      case 'mode':
        if (ctx.canAdjudicate) ctx.onToggleMode();
        return;
      case 'help':
        return ctx.onHelp();
      case 'cancel':
        return setRejecting(false);
      default: {
        const never: never = cmd;
        return never;
      }
    }
  };

  return { run, rejecting };
}
