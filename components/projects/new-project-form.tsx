'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

const inputClass = 'rounded border border-slate-600 bg-slate-950 px-2 py-1';
const modalities = [
  { code: 'CT', title: 'CT' },
  { code: 'MR', title: 'MRI' },
  { code: 'CR', title: 'Radiograph (CR)' },
  { code: 'DX', title: 'Radiograph (DX)' },
  { code: 'PT', title: 'PET' },
  { code: 'US', title: 'Ultrasound' },
  { code: 'OT', title: 'Other' },
];

/** Splits "normal, glioma" or one label a line into a clean list. */
function labelList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** A lead or admin creates a project; they become its first lead. */
export function NewProjectForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const labels = labelList(String(form.get('labels')));
    const body = {
      name: String(form.get('name')),
      slug: String(form.get('slug')),
      description: String(form.get('description') ?? ''),
      modality: String(form.get('modality')),
      task: String(form.get('task')),
      labels,
      normalLabels: labelList(String(form.get('normalLabels'))),
    };
    setBusy(true);
    try {
      const res = await fetch('/api/projects', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const out = (await res.json()) as { ok: boolean; data?: { slug: string }; error?: { message: string } };
      if (out.ok && out.data) router.push(`/projects/${out.data.slug}?tab=members`);
      else setError(out.error?.message ?? 'The project could not be created.');
    } catch {
      setError('The server could not be reached; nothing was created.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      onSubmit={onSubmit}
      aria-label="New project"
      className="grid gap-4 rounded-lg border border-slate-800 bg-slate-900 p-4 sm:grid-cols-2"
    >
      <label className="flex flex-col text-sm">
        Name
        <input name="name" required maxLength={120} className={inputClass} />
      </label>
      <div className="flex flex-col text-sm">
        <label htmlFor="slug">Address (slug)</label>
        <input
          id="slug"
          name="slug"
          required
          pattern="[a-z0-9]+(-[a-z0-9]+)*"
          minLength={2}
          maxLength={48}
          aria-describedby="slug-help"
          className={inputClass}
        />
        <p id="slug-help" className="mt-1 text-xs text-slate-400">
          Lowercase letters, digits and single dashes: the project lives at /projects/slug.
        </p>
      </div>
      <label className="flex flex-col text-sm">
        Modality
        <select name="modality" defaultValue="CT" className={inputClass}>
          {modalities.map((m) => (
            <option key={m.code} value={m.code}>
              {m.title}
            </option>
          ))}
        </select>
      </label>
      <div className="flex flex-col text-sm">
        <label htmlFor="task">Task</label>
        <select id="task" name="task" defaultValue="MULTICLASS" aria-describedby="task-help" className={inputClass}>
          <option value="BINARY">Binary (exactly two labels)</option>
          <option value="MULTICLASS">One label per scan</option>
          <option value="MULTILABEL">Several labels per scan</option>
        </select>
        <p id="task-help" className="mt-1 text-xs text-slate-400">
          Fixed once created: the models and agreement statistics follow it.
        </p>
      </div>
      <div className="flex flex-col text-sm">
        <label htmlFor="labels">Labels</label>
        <textarea id="labels" name="labels" required rows={3} aria-describedby="labels-help" className={inputClass} />
        <p id="labels-help" className="mt-1 text-xs text-slate-400">
          Comma-separated or one a line, in the order readers see them (keys 1, 2, ...). Labels can be added later.
        </p>
      </div>
      <div className="flex flex-col text-sm">
        <label htmlFor="normalLabels">Normal labels</label>
        <input id="normalLabels" name="normalLabels" aria-describedby="normal-help" className={inputClass} />
        <p id="normal-help" className="mt-1 text-xs text-slate-400">
          The labels that mean &ldquo;no finding&rdquo; (e.g. normal): lesion sensitivity counts a lesion called one of
          these as missed.
        </p>
      </div>
      <label className="flex flex-col text-sm sm:col-span-2">
        Description (optional)
        <textarea name="description" rows={2} maxLength={2000} className={inputClass} />
      </label>
      <div className="flex items-center gap-3 sm:col-span-2">
        <button
          type="submit"
          disabled={busy}
          className="rounded bg-sky-700 px-3 py-1.5 text-white hover:bg-sky-600 disabled:opacity-50"
        >
          Create project
        </button>
        {error && (
          <p role="alert" className="text-sm text-red-300">
            {error}
          </p>
        )}
      </div>
    </form>
  );
}
