'use client';
import { modelName } from '@/lib/models/model-name';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { formatDurationMs, formatRatio, formatUtc } from '@/lib/dashboard/format';
import {
  durationMs,
  finishedWorkKey,
  progressFraction,
  type TrainingJobView,
  type TrainingJobsResponse,
} from '@/lib/dashboard/training-jobs';
import type { LiveProject } from '@/lib/realtime/live-session';
import { etaMs, overallFraction, phaseTitle, stepTitle } from '@/lib/dashboard/job-progress';
import { DataTable } from './data-table';
import { LossChart } from './loss-chart';
import { useLiveTrainingJobs } from './use-live-training-jobs';

/**
 * The live training job with its progress, and the history; follows the trainer's
 * 'project.event' messages over the project's live connection.
 */
export function TrainingJobsPanel({ project, initial }: { project: LiveProject; initial: TrainingJobsResponse }) {
  const { data, stale, live, offline } = useLiveTrainingJobs(project, initial);
  const router = useRouter();
  // A job that ends brings new versions, and a first ranking mid-job an active one: the model
  // cards, versions and exports re-read them, also when the job started and ended between two
  // reads of the list.
  const finished = finishedWorkKey(data);
  const lastFinished = useRef(finished);
  useEffect(() => {
    if (finished !== lastFinished.current) router.refresh();
    lastFinished.current = finished;
  }, [finished, router]);

  return (
    <div className="space-y-4">
      <div
        className="rounded-lg border border-slate-800 bg-slate-900 p-4"
        data-testid="live-training-job"
        data-live={live}
        aria-live="polite"
      >
        {data.live ? (
          <LiveJob job={data.live} />
        ) : (
          <>
            <p className="text-sm text-slate-400">No training job is queued or running.</p>
            {data.jobs[0]?.progress?.curves && (
              <div className="mt-3 space-y-1">
                <p className="text-xs text-slate-400">
                  The last job ({data.jobs[0].state.toLowerCase()}, {formatUtc(data.jobs[0].queuedAt)}):
                </p>
                <LossCharts progress={data.jobs[0].progress} />
              </div>
            )}
          </>
        )}
        {offline && (
          <p className="mt-2 text-xs text-slate-500">Live updates are paused; refreshing every few seconds.</p>
        )}
        {stale && <p className="mt-2 text-xs text-amber-400">Could not refresh; showing the last known state.</p>}
      </div>
      <div className="rounded-lg border border-slate-800 bg-slate-900 p-4">
        <DataTable<TrainingJobView>
          caption="Training jobs, newest first"
          testId="training-jobs-table"
          rows={data.jobs}
          rowKey={(j) => j.id}
          empty="No training job has run yet."
          columns={[
            { key: 'queued', header: 'Queued', cell: (j) => formatUtc(j.queuedAt), rowHeader: true },
            { key: 'state', header: 'State', cell: (j) => <StateBadge state={j.state} /> },
            {
              key: 'trigger',
              header: 'Trigger',
              cell: (j) => (j.requestedBy ? `${j.trigger.toLowerCase()} (${j.requestedBy})` : j.trigger.toLowerCase()),
            },
            { key: 'labels', header: 'Labels', cell: (j) => j.labelCount, numeric: true },
            { key: 'duration', header: 'Duration', cell: (j) => formatDurationMs(durationMs(j)), numeric: true },
            { key: 'attempts', header: 'Attempts', cell: (j) => `${j.attempts}/${j.maxAttempts}`, numeric: true },
            {
              key: 'versions',
              header: 'Versions',
              cell: (j) =>
                j.versions.length
                  ? j.versions.map((v) => `${modelName(v)}${v.active ? ' (active)' : ''}`).join(', ')
                  : '—',
            },
            { key: 'error', header: 'Error', cell: (j) => <span className="text-rose-300">{j.error ?? ''}</span> },
          ]}
        />
      </div>
    </div>
  );
}

function LossCharts({ progress }: { progress: TrainingJobView['progress'] }) {
  const kinds = progress?.kinds ?? Object.keys(progress?.curves ?? {});
  const charted = kinds.filter((k) => progress?.curves?.[k]?.length);
  if (charted.length === 0) return null;
  return (
    <div className="grid gap-3 md:grid-cols-3">
      {charted.map((k) => (
        <LossChart key={k} kind={k} points={progress?.curves?.[k] ?? []} />
      ))}
    </div>
  );
}

/**
 * The clock, read once a second after the page has hydrated; null before. The server's render and
 * the browser's first one therefore agree: a time left read at render would differ between them
 * whenever a second ticks over, and React would discard the server's HTML. After that the time
 * left counts down between the trainer's progress reports.
 */
function useNow(intervalMs: number): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const every = setInterval(tick, intervalMs);
    return () => {
      clearTimeout(first);
      clearInterval(every);
    };
  }, [intervalMs]);
  return now;
}

function LiveJob({ job }: { job: TrainingJobView }) {
  const p = job.progress;
  const fraction = overallFraction(p) ?? (p?.kinds ? null : progressFraction(p));
  const now = useNow(1000);
  const eta = now === null ? null : etaMs(fraction, job.startedAt, now);
  const step = stepTitle(p);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-baseline gap-x-3 text-sm">
        <StateBadge state={job.state} />
        <span className="text-slate-300">{job.labelCount} labels</span>
        <span className="text-slate-200" data-testid="live-phase">
          {job.state === 'QUEUED' ? 'Waiting for a trainer' : phaseTitle(p)}
        </span>
        {step && <span className="text-slate-400">{step}</span>}
        {p?.phase !== 'scoring' && p?.epoch !== undefined && p.epochs !== undefined && (
          <span className="text-slate-300" data-testid="live-epoch">
            epoch {p.epoch}/{p.epochs}
          </span>
        )}
        {p?.loss !== undefined && p.loss !== null && (
          <span className="text-slate-400">loss {formatRatio(p.loss, 4)}</span>
        )}
        <span className="text-xs text-slate-500">since {formatUtc(job.startedAt ?? job.queuedAt)}</span>
      </div>
      <div
        role="progressbar"
        aria-label="Progress of the whole job"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
        className="h-2 overflow-hidden rounded bg-slate-800"
      >
        <div
          className="h-full bg-sky-500 transition-[width]"
          style={{ width: `${Math.round((fraction ?? 0) * 100)}%` }}
        />
      </div>
      <p className="text-xs text-slate-400" data-testid="live-eta">
        {fraction === null ? 'Starting…' : `${Math.round(fraction * 100)}% done`}
        {eta !== null && ` · about ${formatDurationMs(eta)} left`}
      </p>
      <LossCharts progress={p} />
      {p?.metrics && Object.keys(p.metrics).length > 0 && (
        <p className="text-xs text-slate-400">
          {Object.entries(p.metrics)
            .map(([k, v]) => `${k} ${formatRatio(v)}`)
            .join(' · ')}
        </p>
      )}
    </div>
  );
}

const stateClass: Record<TrainingJobView['state'], string> = {
  QUEUED: 'bg-slate-700 text-slate-200',
  RUNNING: 'bg-sky-800 text-sky-100',
  SUCCEEDED: 'bg-emerald-900 text-emerald-200',
  FAILED: 'bg-rose-900 text-rose-200',
};

function StateBadge({ state }: { state: TrainingJobView['state'] }) {
  return <span className={`rounded px-1.5 py-0.5 text-xs ${stateClass[state]}`}>{state.toLowerCase()}</span>;
}
