'use client';

import { useState } from 'react';
import { collectDroppedFiles, filesFromInput, type PickedFile } from './collect-dropped-files';

interface Summary {
  files: number;
  imported: number;
  duplicate: number;
  rejected: number;
  skipped: number;
  labelsAttached: number;
  outcomes: { file: string; status: string; reason?: string; message?: string }[];
}

type UploadState =
  | { state: 'idle' }
  | { state: 'uploading'; sentBytes: number; totalBytes: number }
  | { state: 'importing' }
  | { state: 'done'; summary: Summary }
  | { state: 'failed'; error: string };

/**
 * The leads' import page: drop a folder (Training/<class>/... layouts keep their labels) or
 * files, choose the split, optionally a labels CSV, and watch the upload and the import.
 * `serverProgress` is the live import progress pushed over Socket.IO by the page.
 */
export function UploadPanel({ slug, serverProgress }: { slug: string; serverProgress?: { done: number; total: number; file: string } | null }) {
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [split, setSplit] = useState('auto');
  const [labels, setLabels] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const [upload, setUpload] = useState<UploadState>({ state: 'idle' });
  const totalBytes = files.reduce((a, f) => a + f.file.size, 0);

  function start() {
    const form = new FormData();
    for (const f of files) {
      form.append('files', f.file);
      form.append('paths', f.path);
    }
    form.append('split', split);
    if (labels) form.append('labels', labels);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/projects/${slug}/imports`);
    xhr.upload.onprogress = (e) => setUpload({ state: 'uploading', sentBytes: e.loaded, totalBytes: e.total });
    xhr.upload.onload = () => setUpload({ state: 'importing' });
    xhr.onload = () => {
      const body = JSON.parse(xhr.responseText) as { ok: boolean; data?: Summary; error?: { message: string } };
      setUpload(body.ok && body.data ? { state: 'done', summary: body.data } : { state: 'failed', error: body.error?.message ?? `HTTP ${xhr.status}` });
    };
    xhr.onerror = () => setUpload({ state: 'failed', error: 'The upload was interrupted.' });
    setUpload({ state: 'uploading', sentBytes: 0, totalBytes });
    xhr.send(form);
  }

  const busy = upload.state === 'uploading' || upload.state === 'importing';
  return (
    <div className="space-y-4">
      <div
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={async (e) => {
          e.preventDefault();
          setDragging(false);
          setFiles(await collectDroppedFiles(e.dataTransfer.items));
        }}
        className={`rounded-xl border-2 border-dashed p-8 text-center ${dragging ? 'border-sky-400 bg-sky-950/30' : 'border-slate-700'}`}
      >
        <p className="text-slate-300">Drop a folder or files here: DICOM, PNG or JPEG.</p>
        <p className="mt-1 text-sm text-slate-500">Training/&lt;class&gt;/… and Testing/&lt;class&gt;/… folders keep their class as a prior label.</p>
        <div className="mt-4 flex justify-center gap-3 text-sm">
          <label className="cursor-pointer rounded border border-slate-600 px-3 py-1.5 hover:bg-slate-800">
            Choose folder
            {/* @ts-expect-error webkitdirectory is not in React's input attributes */}
            <input type="file" className="sr-only" webkitdirectory="" multiple onChange={(e) => e.target.files && setFiles(filesFromInput(e.target.files))} />
          </label>
          <label className="cursor-pointer rounded border border-slate-600 px-3 py-1.5 hover:bg-slate-800">
            Choose files
            <input type="file" className="sr-only" multiple data-testid="file-input" onChange={(e) => e.target.files && setFiles(filesFromInput(e.target.files))} />
          </label>
        </div>
      </div>
      <div className="flex flex-wrap items-end gap-4 text-sm">
        <p data-testid="picked-count">
          {files.length} file(s), {(totalBytes / 2 ** 20).toFixed(1)} MiB
        </p>
        <label className="flex flex-col">
          Split
          <select value={split} onChange={(e) => setSplit(e.target.value)} className="rounded border border-slate-700 bg-slate-950 px-2 py-1">
            <option value="auto">auto (from Training/Testing folders, else pool)</option>
            <option value="pool">pool (to be labelled)</option>
            <option value="train">train</option>
            <option value="validation">validation</option>
            <option value="test">test (held out)</option>
          </select>
        </label>
        <label className="flex flex-col">
          Labels CSV (optional)
          <input type="file" accept=".csv,text/csv" onChange={(e) => setLabels(e.target.files?.[0] ?? null)} />
        </label>
        <button type="button" disabled={files.length === 0 || busy} onClick={start} className="rounded bg-sky-600 px-4 py-1.5 font-medium text-white hover:bg-sky-500 disabled:opacity-50">
          Import {files.length > 0 ? files.length : ''}
        </button>
      </div>
      <Status upload={upload} serverProgress={serverProgress ?? null} />
    </div>
  );
}

function Status({ upload, serverProgress }: { upload: UploadState; serverProgress: { done: number; total: number; file: string } | null }) {
  if (upload.state === 'idle') return null;
  if (upload.state === 'failed') return <p role="alert" className="rounded bg-red-950 px-3 py-2 text-red-200">{upload.error}</p>;
  if (upload.state === 'uploading') {
    const pct = upload.totalBytes ? Math.round((100 * upload.sentBytes) / upload.totalBytes) : 0;
    return <progress className="w-full" max={100} value={pct} aria-label={`Uploading ${pct}%`} />;
  }
  if (upload.state === 'importing') {
    return (
      <p role="status" data-testid="import-progress">
        Importing… {serverProgress ? `${serverProgress.done}/${serverProgress.total} ${serverProgress.file}` : ''}
      </p>
    );
  }
  const s = upload.summary;
  const rejected = s.outcomes.filter((o) => o.status === 'rejected');
  return (
    <div role="status" data-testid="import-summary" className="space-y-2">
      <p>
        {s.imported} imported · {s.duplicate} already there · {s.rejected} rejected · {s.skipped} skipped · {s.labelsAttached} prior labels
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
