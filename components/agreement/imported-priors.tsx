export interface ImportedPriorsView {
  scans: number;
  compared: number;
  agreeing: number;
}

/**
 * Labels a dataset came with, shown apart from the readers: they are a prior, never a read,
 * and no agreement statistic on this page counts them.
 */
export function ImportedPriors({ priors }: { priors: ImportedPriorsView }) {
  if (priors.scans === 0) return null;
  return (
    <section className="rounded-lg border border-slate-800 bg-slate-900 p-4 text-sm" data-testid="imported-priors">
      <h2 className="font-medium">Labels imported with the scans</h2>
      <p className="mt-1 text-slate-300">
        {priors.scans} {priors.scans === 1 ? 'scan came' : 'scans came'} with a label from the dataset. These are a
        prior, not a reader: they are not counted as reads and are in none of the statistics on this page.
        {priors.compared > 0 &&
          ` Where the readers have a consensus, ${priors.agreeing} of ${priors.compared} imported labels match it.`}
      </p>
    </section>
  );
}
