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
import { viewerShortcutGroup } from '@/components/viewer/viewer-shortcuts';
import { PresenceAvatars } from '@/components/grid/presence-avatars';
import { LabelBar } from './label-bar';
import { labelingShortcutGroup } from './labeling-shortcuts';
import { PredictionPanel } from './prediction-panel';
import { ReadsPanel } from './reads-panel';
import { StatusBanner } from './status-banner';
import { useLabelingActions } from './use-labeling-actions';
import { useLabelingKeys } from './use-labeling-keys';
import { useLiveSession } from './use-live-session';
import { useScanImage } from './use-scan-image';
import { useThrottled } from './use-throttled';

export interface LabelingWorkspaceProps {
  project: LiveProject & { name: string };
  role: Role;
  /** The scan to open; null claims the next one ("Start labelling"). */
  initialScanId: string | null;
  /** Clinicians may arrive to adjudicate (the adjudication queue links with ?mode=adjudicate). */
  initialMode?: 'read' | 'adjudicate';
}

/** The labelling page: viewer, label bar, predictions, reads, presence; keyboard first. */
export function LabelingWorkspace({ project, role, initialScanId, initialMode = 'read' }: LabelingWorkspaceProps) {
  const { session, state } = useLiveSession({ project, summaries: null, seq: 0 });
  const view = openScanView(state);
  const scanId = state.open?.scanId ?? null;
  const canAdjudicate = hasRole(role, 'CLINICIAN');
  const [mode, setMode] = useState<'read' | 'adjudicate'>(canAdjudicate ? initialMode : 'read');
  const [helpOpen, setHelpOpen] = useState(false);
  const [autoAdvance, setAutoAdvance] = useState(false);
  const [pickedId, setPickedId] = useState<string | null>(null);
  const [caughtUp, setCaughtUp] = useState(false);
  const predictions = view?.blinded ? [] : (view?.predictions ?? []);
  const primaryId = predictions.find((p) => p.id === pickedId)?.id ?? predictions[0]?.id ?? null;
  const { image, loading, error } = useScanImage(project.slug, scanId);
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

  const { run, rejecting } = useLabelingActions({
    session, view, project, mode, primaryId, canAdjudicate, autoAdvance,
    onToggleMode: () => setMode((m) => (m === 'read' ? 'adjudicate' : 'read')),
    onHelp: () => setHelpOpen(true),
  });
  useLabelingKeys(!helpOpen, project.labels.length, run);
  const sendViewport = useThrottled((w: { width: number; center: number }) => scanId && session?.viewport(scanId, w), 200);
  const here = scanId ? (usersByScan(state.presence, state.socketId).get(scanId) ?? []) : [];
  const groups = useMemo(
    () => [labelingShortcutGroup(project.labels, canAdjudicate), viewerShortcutGroup('shift', image?.hounsfield ?? true), gradCamShortcutGroup],
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
          {view?.claim && <span className="text-xs text-slate-400">held by {view.claim.userName}</span>}
          <span className="ml-auto flex items-center gap-2" data-testid="viewer-presence" aria-label={`Also viewing: ${here.map((u) => u.name).join(', ') || 'nobody'}`}>
            <PresenceAvatars users={here} max={5} />
          </span>
          {canAdjudicate && (
            <button type="button" onClick={() => run({ type: 'mode' })} aria-pressed={mode === 'adjudicate'} className="rounded border border-slate-700 px-2 py-0.5 text-xs hover:border-slate-500">
              <kbd className="mr-1 font-mono">J</kbd>
              {mode === 'adjudicate' ? 'Adjudicating' : 'Reading'}
            </button>
          )}
          <button type="button" onClick={() => setHelpOpen(true)} className="rounded border border-slate-700 px-2 py-0.5 text-xs hover:border-slate-500" aria-label="Keyboard shortcuts">
            ?
          </button>
        </div>
        <div className="px-3 pt-2 empty:hidden">
          <StatusBanner connection={state.connection} joined={state.joined} queued={queued} notices={state.notices} onDismiss={(id) => session?.dismiss(id)} />
        </div>
        {caughtUp ? (
          <div className="flex flex-1 flex-col items-center justify-center gap-2 text-slate-300" data-testid="caught-up">
            <p className="text-lg">All caught up: no scan needs your read right now.</p>
            <Link href={`/projects/${project.slug}`} className="text-sky-300 hover:underline">
              Back to the project
            </Link>
          </div>
        ) : (
          <ScanViewer className="flex-1" image={image} loading={loading} presetKeys="shift" overlay={overlay} keyboardEnabled={!helpOpen} onWindowChange={sendViewport} />
        )}
        {error && <p role="alert" className="px-3 py-1 text-sm text-rose-300">{error}</p>}
      </div>
      <aside className="w-80 shrink-0 space-y-5 overflow-y-auto border-l border-slate-800 bg-slate-950 p-3" aria-label="Labelling">
        {view && (
          <>
            <LabelBar labels={project.labels} chain={mode === 'adjudicate' ? view.reference : view.mine} mode={mode} disabled={!view.loaded} onLabel={(i) => run({ type: 'label', index: i })} />
            <PredictionPanel labels={project.labels} predictions={predictions} primaryId={primaryId} blinded={view.blinded} rejecting={rejecting} onSelect={setPickedId} onAccept={() => run({ type: 'accept' })} onReject={() => run({ type: 'reject' })} />
            <ReadsPanel view={view} />
          </>
        )}
        <GradCamControl
          projectSlug={project.slug}
          scanId={scanId}
          versions={gradCam.versions}
          onOverlayChange={setOverlay}
          subscribe={gradCam.subscribe}
          blinded={view?.blinded ?? false}
          keyboardEnabled={!helpOpen}
        />
        {gradCam.error && <p role="alert" className="text-xs text-rose-300">{gradCam.error}</p>}
        <div className="space-y-2 border-t border-slate-800 pt-3">
          <button type="button" onClick={() => run({ type: 'next' })} className="w-full rounded bg-sky-700 px-3 py-1.5 text-sm font-medium hover:bg-sky-600" data-testid="next-scan">
            <kbd className="mr-1 font-mono text-xs">N</kbd>Next scan
          </button>
          <label className="flex items-center gap-2 text-xs text-slate-400">
            <input type="checkbox" checked={autoAdvance} onChange={(e) => setAutoAdvance(e.target.checked)} />
            Go to the next scan after each read
          </label>
        </div>
      </aside>
      <ShortcutSheet open={helpOpen} onClose={() => setHelpOpen(false)} groups={groups} />
    </div>
  );
}
