import type { TrainingCountdown as Countdown } from '@/lib/dashboard/training-countdown';

/**
 * "37 of 50 scans until the next training": the retrain threshold counts scans whose label
 * trains the models (e.g. two agreeing reads), not label actions.
 */
export function TrainingCountdown({ countdown }: { countdown: Countdown }) {
  const { remaining, threshold, sinceLast } = countdown;
  return (
    <div className="rounded-lg border border-slate-800 bg-slate-900 p-4" data-testid="training-countdown">
      <div className="text-xs uppercase tracking-wide text-slate-400">Next training</div>
      <div className="mt-1 text-xl font-semibold">
        {remaining === 0 ? 'Due now' : `${remaining} of ${threshold} scans to go`}
      </div>
      <p className="mt-1 text-xs text-slate-400">
        {sinceLast} {sinceLast === 1 ? 'scan has' : 'scans have'} gained a training label since the last training. A
        scan counts once its label can train the models (its reads agree, or a clinician adjudicated it).
      </p>
    </div>
  );
}
