import Link from 'next/link';
import type { TrainingSummary } from '@/lib/agreement/training-summary';

const ruleNames = {
  adjudicated: 'adjudicated by a clinician',
  'dawid-skene': 'confident Dawid–Skene consensus',
  majority: 'majority of reads',
  single: 'single read',
  prior: 'label imported with the scan (no human read yet)',
} as const;

/**
 * Which label trains the models, in order: adjudicated > Dawid–Skene posterior at or above
 * the threshold (three or more human reads) > majority > single read > imported label;
 * ties and low-confidence consensus wait for a clinician. Counts are before adjudication
 * (the queue shows what is left).
 */
export function TrainingRule({ training, queueHref }: { training: TrainingSummary; queueHref?: string }) {
  return (
    <section className="rounded-lg border border-slate-800 bg-slate-900 p-4" data-testid="training-rule">
      <h2 className="font-medium">Which label trains the models</h2>
      <ol className="mt-2 list-decimal space-y-1 pl-5 text-sm text-slate-300">
        <li>A clinician&apos;s adjudication.</li>
        <li>
          With three or more human reads, the Dawid–Skene consensus, when its probability is at least{' '}
          {training.threshold}.
        </li>
        <li>Otherwise the majority of the reads; two readers who disagree send the scan to a clinician.</li>
        <li>A single read, as it is.</li>
        <li>With no human read yet, the label the scan was imported with (a prior, never counted as a read).</li>
      </ol>
      <p className="mt-2 text-sm text-slate-400">
        Ties and consensus below {training.threshold} are left out of training and wait for a clinician. From the reads
        alone:{' '}
        {Object.entries(training.labelled)
          .filter(([rule]) => rule !== 'adjudicated')
          .map(([rule, n]) => `${n} by ${ruleNames[rule as keyof typeof ruleNames]}`)
          .join(', ')}
        ; <span data-testid="needs-adjudication">{training.needs_adjudication}</span> need adjudication
        {queueHref && (
          <>
            {' '}
            (
            <Link href={queueHref} className="text-sky-300 underline underline-offset-2 hover:text-sky-200">
              open the queue
            </Link>
            )
          </>
        )}
        .
      </p>
    </section>
  );
}
