'use client';

import { useEffect, useRef, useState } from 'react';
import { predictedLabels } from '@/lib/labels/label-set';
import type { AnnotationIntent } from '@/lib/labels/intent';
import type { LiveProject, LiveSession } from '@/lib/realtime/live-session';
import { openScanView, type ScanView } from '@/lib/realtime/scan-view';
import type { LabelChange, PendingAccept } from './label-change';
import type { LabelingCommand } from './labeling-keys';

export interface LabelingContext {
  session: LiveSession | null;
  view: ScanView | null;
  project: LiveProject;
  mode: 'read' | 'adjudicate';
  primaryId: string | null;
  canAdjudicate: boolean;
  autoAdvance: boolean;
  /** The scan P / Backspace opens from the scan open now (null at the start of the trail). */
  previousOf(open: { scanId: string; replacing?: string } | null): string | null;
  onSteppingBack(scanId: string): void;
  onToggleMode(): void;
  onHelp(): void;
}

/** Commands that change the open scan's labels: they need its state loaded. */
const EDITS_OPEN_SCAN: ReadonlySet<LabelingCommand['type']> = new Set(['label', 'accept', 'reject', 'undo']);

/**
 * Turns keys and clicks into session edits: labels, accept/reject, undo, next and back,
 * adjudication. Every change is reported (`lastChange`) so the page can say what changed
 * and that U takes it back; U also reaches back to the scan auto-advance just left.
 * A key that edits the open scan while its state is still loading (the image can show
 * first) waits for it and then applies, so a quick reader loses no key press.
 */
export function useLabelingActions(ctx: LabelingContext) {
  const [rejecting, setRejecting] = useState(false);
  const [pendingAccept, setPendingAccept] = useState<PendingAccept | null>(null);
  const [lastChange, setLastChange] = useState<LabelChange | null>(null);
  const changes = useRef(0);
  /** The last editing key pressed while the open scan was loading; applied once it has. */
  const deferred = useRef<{ scanId: string; cmd: LabelingCommand } | null>(null);
  const { session, view, project, mode, primaryId } = ctx;
  const notice = (message: string) => session?.dispatch({ type: 'notice', kind: 'info', message });
  const usable = session !== null && view !== null && view.loaded;

  /** Submits an edit of the open scan and reports the change; true when it was queued. */
  const edit = (s: LiveSession, v: ScanView, intent: AnnotationIntent): boolean => {
    const chain = intent.kind === 'adjudicate' || (intent.kind === 'undo' && intent.chain === 'reference');
    const before = chain ? v.reference.labels : v.mine.labels;
    if (!s.submit(intent)) return false;
    const now = openScanView(s.getState());
    const after = (chain ? now?.reference.labels : now?.mine.labels) ?? null;
    changes.current += 1;
    setLastChange({
      id: changes.current,
      scanId: v.scanId,
      title: v.title,
      chain: chain ? 'reference' : 'read',
      undo: intent.kind === 'undo',
      before,
      after,
    });
    return true;
  };

  /**
   * "Next": back to the scan this reader still holds (after stepping back), else claim the next
   * one. While a Next's claim is on its way the claim held is the scan being left: Next goes on.
   */
  const goNext = (): void => {
    if (!session) return;
    const held = session.getState().claim;
    if (held && held.scanId !== view?.scanId && !session.claimPending) {
      void session.open(held.scanId);
      return;
    }
    void session.claimNext().then((r) => {
      if (r === 'offline') notice('Offline: the next scan can be fetched once the connection returns.');
      else if (r === null) notice('All caught up: no other scan needs your read right now.');
    });
  };
  const afterRead = (): void => {
    if (ctx.autoAdvance) goNext();
  };

  const label = (index: number): void => {
    const name = project.labels[index];
    if (!usable || !name) return;
    if (mode === 'adjudicate') {
      if (project.retiredLabels?.includes(name))
        return notice(`"${name}" is retired in this project: choose another label.`);
      if (view.reference.labels?.length !== 1 || view.reference.labels[0] !== name)
        edit(session, view, { kind: 'adjudicate', labels: [name] });
      return;
    }
    if (rejecting && primaryId) {
      setRejecting(false);
      if (edit(session, view, { kind: 'reject', predictionId: primaryId, labels: [name] })) afterRead();
      return;
    }
    const current = view.mine.labels ?? [];
    if (project.retiredLabels?.includes(name) && !current.includes(name))
      return notice(`"${name}" is retired in this project: old reads keep it, new reads cannot choose it.`);
    let labels = [name];
    if (project.task === 'MULTILABEL') {
      labels = current.includes(name) ? current.filter((l) => l !== name) : [...current, name];
      if (labels.length === 0) return notice('A read needs at least one label; press U to take it back.');
    } else if (current.length === 1 && current[0] === name) {
      // The same answer again: nothing to change, but the reader still expects to move on.
      return afterRead();
    }
    const predictionId = !view.blinded && primaryId ? primaryId : undefined;
    if (edit(session, view, { kind: 'label', labels, ...(predictionId ? { predictionId } : {}) })) afterRead();
  };

  const accept = (): void => {
    if (!usable) return;
    if (!primaryId)
      return notice(
        view.blinded ? 'Predictions are hidden until you submit your read.' : 'No model prediction for this scan yet.',
      );
    const current = view.mine.labels;
    const confirmed = pendingAccept?.scanId === view.scanId;
    setPendingAccept(null);
    if (current && !confirmed) {
      const prediction = view.predictions.find((p) => p.id === primaryId);
      const predicted = predictedLabels(prediction?.probabilities ?? [], project);
      // Accepting what the reader already answered changes nothing: say so instead of asking.
      if (predicted.length === current.length && predicted.every((l) => current.includes(l)))
        return notice(`Your read already matches the model: ${current.join(', ')}.`);
      setPendingAccept({ scanId: view.scanId, current, predicted });
      return;
    }
    if (edit(session, view, { kind: 'accept', predictionId: primaryId })) afterRead();
  };

  const reject = (): void => {
    if (!usable) return;
    if (!primaryId)
      return notice(
        view.blinded ? 'Predictions are hidden until you submit your read.' : 'No model prediction for this scan yet.',
      );
    const prediction = view.predictions.find((p) => p.id === primaryId);
    if (project.labels.length === 2 && prediction) {
      // Binary: rejecting the model's answer is choosing the other class.
      const predicted = prediction.probabilities[1] >= prediction.probabilities[0] ? 1 : 0;
      if (edit(session, view, { kind: 'reject', predictionId: primaryId, labels: [project.labels[1 - predicted]] }))
        afterRead();
      return;
    }
    setRejecting(true);
  };

  /** U: undoes on the open scan, or on the scan just left when auto-advance moved on before a read here. */
  const undo = async (): Promise<void> => {
    if (!session) return;
    const chain = mode === 'adjudicate' ? 'reference' : 'read';
    const here = chain === 'reference' ? view?.reference.labels : view?.mine.labels;
    const back = lastChange && lastChange.scanId !== view?.scanId && !here ? lastChange.scanId : null;
    if (back) {
      ctx.onSteppingBack(back);
      await session.open(back);
    }
    const v = openScanView(session.getState());
    if (v?.loaded) edit(session, v, { kind: 'undo', chain });
  };

  const run = (cmd: LabelingCommand): void => {
    if (EDITS_OPEN_SCAN.has(cmd.type) && session && !usable) {
      const live = session.getState();
      if (!live.open) return;
      if (live.connection !== 'online')
        return notice('Offline: this scan has not loaded yet; press the key again once it has.');
      deferred.current = { scanId: live.open.scanId, cmd };
      return;
    }
    deferred.current = null;
    if (cmd.type !== 'accept') setPendingAccept(null);
    switch (cmd.type) {
      case 'label':
        return label(cmd.index);
      case 'accept':
        return accept();
      case 'reject':
        return reject();
      case 'undo':
        void undo();
        return;
      case 'next':
        setRejecting(false);
        return goNext();
      case 'back': {
        setRejecting(false);
        // From the scan open in the live session, which may be newer than this render's.
        const previous = session ? ctx.previousOf(session.getState().open) : null;
        if (!session || !previous) return notice('This is the first scan you opened here.');
        ctx.onSteppingBack(previous);
        void session.open(previous);
        return;
      }
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

  const loadedScanId = usable ? view.scanId : null;
  useEffect(() => {
    const waiting = deferred.current;
    if (!waiting || !loadedScanId) return;
    deferred.current = null;
    // Only on the scan it was pressed on: a key meant for a scan the reader has left is dropped.
    if (waiting.scanId === loadedScanId) run(waiting.cmd);
    // `run` is this render's: it sees the scan just loaded.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loadedScanId]);

  return { run, rejecting, pendingAccept, lastChange, dismissChange: () => setLastChange(null) };
}
