import { formatUtc } from '@/lib/dashboard/format';
import type { PacsReportView } from '@/lib/pacs/report-view';

/** A report's state in words and colour, with the error of a failed one. */
export function ReportState({ report }: { report: Pick<PacsReportView, 'state' | 'error' | 'createdAt'> }) {
  // UTC, as everywhere: the server's render and the browser's must read the same.
  const when = formatUtc(report.createdAt);
  if (report.state === 'failed')
    return (
      <span className="text-rose-400">
        failed {when}
        {report.error && <span className="block break-words">{report.error}</span>}
      </span>
    );
  if (report.state === 'sending') return <span className="text-sky-400">sending since {when}</span>;
  return <span className="text-emerald-400">sent {when}</span>;
}
