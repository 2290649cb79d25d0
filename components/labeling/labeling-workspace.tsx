'use client';

import Link from 'next/link';
import { useEffect, useMemo, useRef, useState } from 'react';
import { hasRole, type Role } from '@/lib/auth/roles';
import type { LiveProject } from '@/lib/realtime/live-session';
import { usersByScan } from '@/lib/realtime/presence';
import { openScanView } from '@/lib/realtime/scan-view';
import { GradCamControl, gradCamShortcutGroup, useGradCamSource } from '@/components/explain';
import { ScanViewer, type HeatmapOverlay } from '@/components/viewer/scan-viewer';
import { ShortcutSheet } from '@/components/viewer/shortcut-sheet';
import { SliceIndicator } from '@/components/viewer/slice-indicator';
import { stackShortcutGroup } from '@/components/viewer/stack-keys';
import { useSeriesStack } from '@/components/viewer/use-series-stack';
import { viewerShortcutGroup } from '@/components/viewer/viewer-shortcuts';
import { PresenceAvatars } from '@/components/grid/presence-avatars';
import { LabelBar } from './label-bar';
import { LabelToast } from './label-toast';
import { labelingShortcutGroup } from './labeling-shortcuts';
import { PredictionPanel } from './prediction-panel';
import { ReadsPanel } from './reads-panel';
import { RecentReadsStrip } from './recent-reads-strip';
import { StatusBanner } from './status-banner';
import { useAutoAdvance } from './use-auto-advance';
import { useLabelingActions } from './use-labeling-actions';
import { useLabelingKeys } from './use-labeling-keys';
import { useLiveSession } from './use-live-session';
import { useReadAhead } from './use-read-ahead';
import { useReadingHistory } from './use-reading-history';
import { useScanImage } from './use-scan-image';
import { useThrottled } from './use-throttled';

export interface LabelingWorkspaceProps {
  project: LiveProject & { name: string };
  role: Role;
  /** The scan to open; null claims the next one ("Start labelling"). */
  initialScanId: string | null;
  /** Clinicians may arrive to adjudicate (the adjudication queue links with ?mode=adjudicate). */
  initialMode?: 'read' | 'adjudicate';
  /** The reader's saved preference: move on to the next scan after each read. */
  initialAutoAdvance: boolean;
}

/** The labelling page: viewer, label bar, predictions, reads, presence; keyboard first. */
export function LabelingWorkspace({
  project,
  role,
  initialScanId,
  initialMode = 'read',
  initialAutoAdvance,
}: LabelingWorkspaceProps) {
  const { session, state } = useLiveSession({ project, summaries: null, seq: 0 });
  const view = openScanView(state);
  const scanId = state.open?.scanId ?? null;
  const canAdjudicate = hasRole(role, 'CLINICIAN');
  const [mode, setMode] = useState<'read' | 'adjudicate'>(canAdjudicate ? initialMode : 'read');
  const [helpOpen, setHelpOpen] = useState(false);
  const preference = useAutoAdvance(initialAutoAdvance);
  const history = useReadingHistory(project.slug, view, state.open?.replacing);
  const [pickedId, setPickedId] = useState<string | null>(null);
  const [caughtUp, setCaughtUp] = useState(false);
  const predictions = view?.blinded ? [] : (view?.predictions ?? []);
  const primaryId = predictions.find((p) => p.id === pickedId)?.id ?? predictions[0]?.id ?? null;
  const stack = useSeriesStack(project.slug, scanId, !helpOpen);
  const { image, loading, error } = useScanImage(project.slug, stack.viewedId);
  useReadAhead(project.slug, scanId, stack.neighbourIds, session);
  const [overlay, setOverlay] = useState<HeatmapOverlay | null>(null);
  const gradCam = useGradCamSource(project.slug, session?.onProjectEvent ?? null);

  const started = useRef(false);
  useEffect(() => {
    if (!session || !state.joined || started.current) return;
    started.current = true;
    if (initialScanId) void session.open(initialScanId);
    else void session.claimNext().then((c) => setCaughtUp(c === null));
  }, [session, state.joined, initialScanId]);

  useEffect(() => {
    if (!scanId) return;
    setCaughtUp(false);
    const path = `/projects/${encodeURIComponent(project.slug)}/scans/${encodeURIComponent(scanId)}`;
    if (window.location.pathname !== path) window.history.replaceState(null, '', path + window.location.search);
  }, [scanId, project.slug]);

  const { run, rejecting, pendingAccept, lastChange, dismissChange } = useLabelingActions({
    session,
    view,
    project,
    mode,
    primaryId,
    canAdjudicate,
    autoAdvance: preference.autoAdvance,
    previousOf: history.previousOf,
    onSteppingBack: history.steppingBack,
    onToggleMode: () => setMode((m) => (m === 'read' ? 'adjudicate' : 'read')),
    onHelp: () => setHelpOpen(true),
  });
  const { noteChange } = history;
  useEffect(() => {
    if (lastChange) noteChange(lastChange);
  }, [lastChange, noteChange]);
  useLabelingKeys(!helpOpen, project.labels.length, run);
  const sendViewport = useThrottled(
    (w: { width: number; center: number }) => scanId && session?.viewport(scanId, w),
    200,
  );
  const here = scanId ? (usersByScan(state.presence, state.socketId).get(scanId) ?? []) : [];
  const groups = useMemo(
    () => [
      labelingShortcutGroup(project.labels, canAdjudicate),
      viewerShortcutGroup('shift', image?.hounsfield ?? true),
      gradCamShortcutGroup,
      stackShortcutGroup,
    ],
    [project.labels, canAdjudicate, image?.hounsfield],
  );
  const queued = state.outbox.length;

  return (
    <div className="flex h-[calc(100vh-3rem)] min-h-0">
      <div className="flex min-w-0 flex-1 flex-col">
        <div className="flex items-center gap-3 border-b border-slate-800 px-3 py-1.5 text-sm">
          <Link href={`/projects/${project.slug}`} className="text-slate-400 hover:text-white">
            ← {project.name}
          </Link>
          <span className="truncate font-medium" data-testid="scan-title">
            {view?.title ?? (caughtUp ? '' : 'Loading…')}
          </span>
          {view?.claim && (
            <span className="text-xs text-slate-400" data-testid="scan-claim">
              {view.claim.userId === state.me?.id ? 'held by you' : `held by ${view.claim.userName}`}
            </span>
          )}
          <span
            className="ml-auto flex items-center gap-2"
            role="group"
            data-testid="viewer-presence"
            aria-label={`Also viewing: ${here.map((u) => u.name).join(', ') || 'nobody'}`}
          >
            <PresenceAvatars users={here} max={5} />
          </span>
          {canAdjudicate && (
            <button
              type="button"
              onClick={() => run({ type: 'mode' })}
              aria-pressed={mode === 'adjudicate'}
              className="rounded border border-slate-700 px-2 py-0.5 text-xs hover:border-slate-500"
            >
              <kbd className="mr-1 font-mono">J</kbd>
              {mode === 'adjudicate' ? 'Adjudicating' : 'Reading'}
            </button>
          )}
          <button
            type="button"
            onClick={() => setHelpOpen(true)}
            className="rounded border border-slate-700 px-2 py-0.5 text-xs hover:border-slate-500"
            aria-label="Keyboard shortcuts"
          >
            ?
          </button>
        </div>
        <div id="viewer" tabIndex={-1} className="relative flex min-h-0 flex-1 flex-col outline-none">
          {caughtUp ? (
            <div
              className="flex flex-1 flex-col items-center justify-center gap-2 text-slate-300"
              data-testid="caught-up"
            >
              <p className="text-lg">All caught up: no scan needs your read right now.</p>
              <Link href={`/projects/${project.slug}`} className="text-sky-300 hover:underline">
                Back to the project
              </Link>
            </div>
          ) : (
            <ScanViewer
              className="flex-1"
              image={image}
              loading={loading}
              presetKeys="shift"
              overlay={stack.index === stack.askedIndex ? overlay : null}
              keyboardEnabled={!helpOpen}
              onWindowChange={sendViewport}
              viewKey={scanId ?? undefined}
              onWheelStep={stack.count > 1 ? (by) => stack.run({ type: 'step', by }) : undefined}
            >
              <SliceIndicator index={stack.index} askedIndex={stack.askedIndex} count={stack.count} />
            </ScanViewer>
          )}
          {/* Banners and the toast float over the image, below the viewer's toolbar: the image never moves. */}
          <div className="pointer-events-none absolute inset-x-3 top-10 z-10 [&_p]:pointer-events-auto">
            <StatusBanner
              connection={state.connection}
              joined={state.joined}
              queued={queued}
              waiting={state.waiting}
              notices={state.notices}
              onDismiss={(id) => session?.dismiss(id)}
            />
          </div>
          <div className="pointer-events-none absolute inset-x-3 bottom-10 z-10 flex justify-center">
            <LabelToast change={lastChange} pendingAccept={pendingAccept} onDismiss={dismissChange} />
          </div>
        </div>
        <RecentReadsStrip
          slug={project.slug}
          reads={history.reads}
          openScanId={scanId}
          onOpen={(id) => void session?.open(id)}
        />
        {error && (
          <p role="alert" className="px-3 py-1 text-sm text-rose-300">
            {error}
          </p>
        )}
      </div>
      <aside
        className="w-80 shrink-0 space-y-5 overflow-y-auto border-l border-slate-800 bg-slate-950 p-3"
        aria-label="Labelling"
      >
        {view && (
          <>
            <LabelBar
              labels={project.labels}
              retired={project.retiredLabels}
              chain={mode === 'adjudicate' ? view.reference : view.mine}
              mode={mode}
              disabled={!view.loaded}
              onLabel={(i) => run({ type: 'label', index: i })}
            />
            <PredictionPanel
              labels={project.labels}
              predictions={predictions}
              primaryId={primaryId}
              blinded={view.blinded}
              rejecting={rejecting}
              onSelect={setPickedId}
              onAccept={() => run({ type: 'accept' })}
              onReject={() => run({ type: 'reject' })}
            />
            <ReadsPanel view={view} />
          </>
        )}
        <GradCamControl
          projectSlug={project.slug}
          scanId={scanId}
          labels={project.labels}
          versions={gradCam.versions}
          onOverlayChange={setOverlay}
          subscribe={gradCam.subscribe}
          blinded={view?.blinded ?? false}
          keyboardEnabled={!helpOpen}
        />
        {gradCam.error && (
          <p role="alert" className="text-xs text-rose-300">
            {gradCam.error}
          </p>
        )}
        <div className="space-y-2 border-t border-slate-800 pt-3">
          <button
            type="button"
            onClick={() => run({ type: 'next' })}
            className="w-full rounded bg-sky-700 px-3 py-1.5 text-sm font-medium hover:bg-sky-600"
            data-testid="next-scan"
          >
            <kbd className="mr-1 font-mono text-xs">N</kbd>Next scan
          </button>
          <label className="flex items-center gap-2 text-xs text-slate-400">
            <input
              type="checkbox"
              checked={preference.autoAdvance}
              onChange={(e) => preference.setAutoAdvance(e.target.checked)}
            />
            Go to the next scan after each read
          </label>
          {preference.error && (
            <p role="alert" className="text-xs text-rose-300">
              {preference.error}
            </p>
          )}
        </div>
      </aside>
      <ShortcutSheet open={helpOpen} onClose={() => setHelpOpen(false)} groups={groups} />
    </div>
  );
}
