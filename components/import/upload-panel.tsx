'use client';

import { useState } from 'react';
import type { LiveProject } from '@/lib/realtime/live-session';
import { collectDroppedFiles, filesFromInput, type PickedFile } from './collect-dropped-files';
import { ImportStatus, type ImportSummaryView, type UploadState } from './import-status';
import { useImportProgress } from './use-import-progress';

/**
 * The leads' import page: drop a folder (Training/<class>/... layouts keep their labels) or
 * files, choose the split, optionally a labels CSV, and watch the upload, the server's
 * processing (live over the project's Socket.IO session) and the per-file summary.
 */
// webkitdirectory is not in React's input attributes; spread so that the picker chooses folders.
const directoryPickerAttributes = { webkitdirectory: '' } as Record<string, string>;

export function UploadPanel({ project, userId }: { project: LiveProject; userId: string }) {
  const slug = project.slug;
  const progress = useImportProgress(project, userId);
  // Batches whose summary is in: a late progress event of one must not show as the next upload's.
  const [finished, setFinished] = useState<string[]>([]);
  const serverProgress = progress && !finished.includes(progress.batchId) ? progress : null;
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
      const body = JSON.parse(xhr.responseText) as {
        ok: boolean;
        data?: ImportSummaryView;
        error?: { message: string };
      };
      const batchId = body.data?.batchId;
      if (batchId) setFinished((ids) => [...ids, batchId]);
      setUpload(
        body.ok && body.data
          ? { state: 'done', summary: body.data }
          : { state: 'failed', error: body.error?.message ?? `HTTP ${xhr.status}` },
      );
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
        <p className="mt-1 text-sm text-slate-500">
          Training/&lt;class&gt;/… and Testing/&lt;class&gt;/… folders keep their class as a prior label.
        </p>
        <div className="mt-4 flex justify-center gap-3 text-sm">
          <label className="cursor-pointer rounded border border-slate-600 px-3 py-1.5 hover:bg-slate-800">
            Choose folder
            <input
              type="file"
              className="sr-only"
              {...directoryPickerAttributes}
              multiple
              onChange={(e) => e.target.files && setFiles(filesFromInput(e.target.files))}
            />
          </label>
          <label className="cursor-pointer rounded border border-slate-600 px-3 py-1.5 hover:bg-slate-800">
            Choose files
            <input
              type="file"
              className="sr-only"
              multiple
              data-testid="file-input"
              onChange={(e) => e.target.files && setFiles(filesFromInput(e.target.files))}
            />
          </label>
        </div>
      </div>
      <div className="flex flex-wrap items-end gap-4 text-sm">
        <p data-testid="picked-count">
          {files.length} file(s), {(totalBytes / 2 ** 20).toFixed(1)} MiB
        </p>
        <label className="flex flex-col">
          Split
          <select
            value={split}
            onChange={(e) => setSplit(e.target.value)}
            className="rounded border border-slate-700 bg-slate-950 px-2 py-1"
          >
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
        <button
          type="button"
          disabled={files.length === 0 || busy}
          onClick={start}
          className="rounded bg-sky-600 px-4 py-1.5 font-medium text-white hover:bg-sky-500 disabled:opacity-50"
        >
          Import {files.length > 0 ? files.length : ''}
        </button>
      </div>
      <ImportStatus upload={upload} serverProgress={serverProgress} />
    </div>
  );
}
