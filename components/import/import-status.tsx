'use client';

import type { ImportProgressEvent } from '@/lib/events/project-event';

/** The summary as the upload route returns it (ImportSummary and the batch it was kept on). */
export interface ImportSummaryView {
  batchId: string;
  files: number;
  imported: number;
  duplicate: number;
  rejected: number;
  skipped: number;
  labelsAttached: number;
  outcomes: { file: string; status: string; reason?: string; message?: string }[];
}

export type UploadState =
  | { state: 'idle' }
  | { state: 'uploading'; sentBytes: number; totalBytes: number }
  | { state: 'importing' }
  | { state: 'done'; summary: ImportSummaryView }
  | { state: 'failed'; error: string };

/** Where an upload stands: sending, processed on the server (live), then the per-file summary. */
export function ImportStatus({
  upload,
  serverProgress,
}: {
  upload: UploadState;
  serverProgress: ImportProgressEvent | null;
}) {
  if (upload.state === 'idle') return null;
  if (upload.state === 'failed')
    return (
      <p role="alert" className="rounded bg-red-950 px-3 py-2 text-red-200">
        {upload.error}
      </p>
    );
  if (upload.state === 'uploading' && !serverProgress) {
    const pct = upload.totalBytes ? Math.round((100 * upload.sentBytes) / upload.totalBytes) : 0;
    return <progress className="w-full" max={100} value={pct} aria-label={`Uploading ${pct}%`} />;
  }
  if (upload.state === 'uploading' || upload.state === 'importing') return <ServerProgress progress={serverProgress} />;
  const s = upload.summary;
  const rejected = s.outcomes.filter((o) => o.status === 'rejected');
  return (
    <div role="status" data-testid="import-summary" className="space-y-2">
      <p>
        {s.imported} imported · {s.duplicate} already there · {s.rejected} rejected · {s.skipped} skipped ·{' '}
        {s.labelsAttached} prior labels
      </p>
      {rejected.length > 0 && (
        <table className="w-full text-sm">
          <caption className="text-left text-slate-400">Rejected files</caption>
          <thead>
            <tr className="text-left text-slate-400">
              <th scope="col">File</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {rejected.map((o) => (
              <tr key={o.file} className="border-t border-slate-800">
                <td className="py-1">{o.file}</td>
                <td>{o.message ?? o.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function ServerProgress({ progress }: { progress: ImportProgressEvent | null }) {
  if (!progress) {
    return (
      <p role="status" data-testid="import-progress">
        Uploaded; waiting for the server…
      </p>
    );
  }
  return (
    <div role="status" data-testid="import-progress" className="space-y-1">
      <progress
        className="w-full"
        max={progress.total}
        value={progress.done}
        aria-label={`Processed ${progress.done} of ${progress.total} files`}
      />
      <p className="text-sm">
        Processed {progress.done} of {progress.total} files · <span className="text-slate-400">{progress.file}</span>
      </p>
    </div>
  );
}
