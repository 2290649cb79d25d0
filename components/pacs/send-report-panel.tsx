'use client';

import { useState } from 'react';
import type { ReportableScanView } from '@/lib/pacs/report-view';
import { pacsApi } from './pacs-api';
import { ReportState } from './report-state';
import { ScanLink } from './scan-link';

interface SentView {
  sopInstanceUid: string;
  captureSopInstanceUid: string | null;
}

/**
 * "Send to PACS" for the scans imported from a PACS that have a consensus label: the label as a
 * DICOM report in the scan's study, with the model's probabilities and its Grad-CAM when ticked.
 */
export function SendReportPanel({ slug, initial }: { slug: string; initial: ReportableScanView[] }) {
  const [scans, setScans] = useState(initial);
  const [withModel, setWithModel] = useState(false);
  const [withGradCam, setWithGradCam] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [messages, setMessages] = useState<Record<string, { ok: boolean; text: string }>>({});

  async function send(scan: ReportableScanView) {
    setBusy(scan.scanId);
    const createdAt = new Date().toISOString();
    let lastReport: ReportableScanView['lastReport'];
    try {
      const sent = await pacsApi<SentView>(`/api/projects/${slug}/pacs/reports`, {
        method: 'POST',
        body: { scanId: scan.scanId, includeModel: withModel || withGradCam, includeGradCam: withGradCam },
      });
      lastReport = { state: 'sent', error: null, createdAt };
      const what = sent.captureSopInstanceUid ? 'report and Grad-CAM' : 'report';
      setMessages((m) => ({ ...m, [scan.scanId]: { ok: true, text: `Sent the ${what} to ${scan.source}.` } }));
    } catch (e) {
      const text = (e as Error).message;
      // A refusal before anything was sent (no model, Grad-CAM not ready) records no report.
      lastReport = scan.lastReport;
      setMessages((m) => ({ ...m, [scan.scanId]: { ok: false, text } }));
    } finally {
      setBusy(null);
    }
    setScans((list) => list.map((s) => (s.scanId === scan.scanId ? { ...s, lastReport } : s)));
  }

  return (
    <section className="space-y-3" aria-label="Send results to the PACS">
      <h2 className="text-lg font-medium">Send results to the PACS</h2>
      <p className="text-sm text-slate-400">
        Scans imported from a PACS that have a consensus label. Sending stores the label as a DICOM report in the
        scan&apos;s own study, next to its images.
      </p>
      <div className="flex flex-wrap gap-4 text-sm">
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={withModel} onChange={(e) => setWithModel(e.target.checked)} />
          Include model probabilities
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={withGradCam} onChange={(e) => setWithGradCam(e.target.checked)} />
          Include Grad-CAM (an image over the slice)
        </label>
      </div>
      <table className="w-full text-left text-sm">
        <thead className="text-slate-400 [&_th]:pr-4 [&_th]:font-medium">
          <tr>
            <th>Scan</th>
            <th>Label</th>
            <th>PACS</th>
            <th>Last report</th>
            <th className="w-32" />
          </tr>
        </thead>
        <tbody>
          {scans.map((s) => (
            <tr key={s.scanId} className="border-t border-slate-800 align-top">
              <td className="py-1.5 pr-4">
                <ScanLink slug={slug} scanId={s.scanId} name={s.scanName} />
              </td>
              <td className="py-1.5 pr-4">{s.label}</td>
              <td className="py-1.5 pr-4">{s.source}</td>
              <td className="py-1.5 pr-4">
                {s.lastReport ? <ReportState report={s.lastReport} /> : <span className="text-slate-500">none</span>}
                {messages[s.scanId] && (
                  <p
                    role={messages[s.scanId].ok ? 'status' : 'alert'}
                    className={messages[s.scanId].ok ? 'text-emerald-400' : 'text-rose-400'}
                  >
                    {messages[s.scanId].text}
                  </p>
                )}
              </td>
              <td className="py-1.5 text-right">
                <button
                  onClick={() => send(s)}
                  disabled={busy !== null}
                  aria-label={`Send ${s.scanName} to PACS`}
                  className="rounded bg-sky-600 px-3 py-1 text-sm font-medium text-white disabled:opacity-50"
                >
                  {busy === s.scanId ? 'Sending…' : 'Send to PACS'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
