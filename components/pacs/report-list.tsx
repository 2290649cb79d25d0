'use client';

import { useEffect, useState } from 'react';
import type { PacsReportView } from '@/lib/pacs/report-view';
import { pacsApi } from './pacs-api';
import { ReportState } from './report-state';
import { ScanLink } from './scan-link';

/** The reports sent (or tried) to the project's PACS sources, newest first, kept fresh every few seconds. */
export function ReportList({ slug, initial }: { slug: string; initial: PacsReportView[] }) {
  const [reports, setReports] = useState(initial);
  useEffect(() => {
    const timer = setInterval(() => {
      pacsApi<PacsReportView[]>(`/api/projects/${slug}/pacs/reports`)
        .then(setReports)
        .catch(() => undefined);
    }, 5000);
    return () => clearInterval(timer);
  }, [slug]);

  return (
    <section className="space-y-3" aria-label="Reports sent">
      <h2 className="text-lg font-semibold">Reports sent</h2>
      {reports.length === 0 ? (
        <p className="text-sm text-slate-400">
          No report sent yet. Send one from the adjudication page, for a scan imported from a PACS with a consensus
          label.
        </p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead className="text-slate-400 [&_th]:pr-4 [&_th]:font-medium">
            <tr>
              <th>Scan</th>
              <th>Label</th>
              <th>PACS</th>
              <th>With</th>
              <th>By</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {reports.map((r) => (
              <tr key={r.id} className="border-t border-slate-800 align-top">
                <td className="py-1.5 pr-4">
                  <ScanLink slug={slug} scanId={r.scanId} name={r.scanName} />
                </td>
                <td className="py-1.5 pr-4">{r.label}</td>
                <td className="py-1.5 pr-4">{r.source}</td>
                <td className="py-1.5 pr-4 text-slate-300">
                  {[r.withModel && 'probabilities', r.withGradCam && 'Grad-CAM'].filter(Boolean).join(', ') || 'label'}
                </td>
                <td className="py-1.5 pr-4 text-slate-300">{r.sentBy ?? '—'}</td>
                <td className="py-1.5 pr-4">
                  <ReportState report={r} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
