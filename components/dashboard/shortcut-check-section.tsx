import { fileTraitLabels, type FileTraitName } from '@/lib/learn/file-traits';
import type { ShortcutFinding } from '@/lib/learn/shortcut-check';
import type { ProjectShortcutCheck } from '@/lib/dashboard/shortcut-check';
import { shortcutCheckMaxScans } from '@/lib/dashboard/shortcut-check';
import { DataTable } from './data-table';
import { Section } from './figure';

const traitName = (f: ShortcutFinding) =>
  f.feature === 'all' ? 'All of them together' : fileTraitLabels[f.feature as FileTraitName];

/**
 * Whether what should not matter (image size, file format, depth, file size) tells the label:
 * a model can learn where a file came from instead of what it shows, and a test set from the
 * same sources will not notice (docs/models.md, "The shortcut check").
 */
export function ShortcutCheckSection({ check }: { check: ProjectShortcutCheck }) {
  return (
    <Section
      id="shortcuts"
      title="Shortcut check"
      description="Can the label be told without looking at the image? A small classifier sees only each scan's width, height, file format, channels, bit depth and file size, and its cross-validated AUC is shown for each."
    >
      {check.unreadable > 0 && (
        <p className="text-sm text-amber-200" data-testid="shortcut-unreadable">
          {check.unreadable.toLocaleString('en')} labelled scan{check.unreadable === 1 ? '' : 's'} left out: the
          original file could not be read from storage.
        </p>
      )}
      {check.status === 'too-few' ? (
        <p className="text-sm text-slate-400" data-testid="shortcut-check">
          Needs at least {check.needed} scans with a training label, two of each label; {check.scans} so far.
        </p>
      ) : (
        <div className="space-y-3" data-testid="shortcut-check" data-leaking={check.report.warning ? 'yes' : 'no'}>
          {check.report.warning ? (
            <div role="note" className="rounded-lg border border-amber-700 bg-amber-950/40 p-4 text-sm text-amber-100">
              <p className="font-medium">The labels can be told from the files alone.</p>
              <p className="mt-1">
                In this project {check.report.warning}. Check where the scans of each label came from before trusting
                the models&apos; scores.
              </p>
            </div>
          ) : (
            <p className="text-sm text-slate-300">
              No shortcut: nothing but the image tells the label (every AUC at or under {check.report.threshold}).
            </p>
          )}
          <DataTable
            caption={`Macro ROC AUC of a classifier that never sees the pixels, over ${check.scans.toLocaleString('en')} labelled scans${check.sampled ? ` (a stratified sample of ${shortcutCheckMaxScans.toLocaleString('en')})` : ''}; 0.5 is chance`}
            columns={[
              { key: 'trait', header: 'What it sees', cell: (f) => traitName(f), rowHeader: true },
              {
                key: 'auc',
                header: 'AUC',
                numeric: true,
                cell: (f) => (f.auc === null ? '-' : f.auc.toFixed(2)),
              },
              {
                key: 'verdict',
                header: '',
                cell: (f) =>
                  f.auc !== null && f.auc > check.report.threshold ? (
                    <span className="text-amber-300">tells the label</span>
                  ) : (
                    ''
                  ),
              },
            ]}
            rows={check.report.findings}
            rowKey={(f) => f.feature}
          />
        </div>
      )}
    </Section>
  );
}
