'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { ModelKind, ProjectSettingsUpdate } from '@/lib/schemas/project';

export interface ProjectSettings {
  retrainThreshold: number;
  labelsRequired: number;
  blindMode: boolean;
  strategy: string;
  modelKinds: ModelKind[];
  resnet50Variant: string;
  consensusThreshold: number;
  claimTimeoutSeconds: number;
}

const KINDS: { kind: ModelKind; label: string }[] = [
  { kind: 'CNN', label: 'CNN' },
  { kind: 'RESNET', label: 'ResNet (from scratch)' },
  { kind: 'RESNET50', label: 'ResNet50 (ImageNet)' },
];

/** A lead's settings for the project: what the loop and the readers work under. */
export function ProjectSettingsForm({ slug, settings, strategies }: { slug: string; settings: ProjectSettings; strategies: { name: string; title: string }[] }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body: ProjectSettingsUpdate = {
      retrainThreshold: Number(form.get('retrainThreshold')),
      labelsRequired: Number(form.get('labelsRequired')),
      blindMode: form.get('blindMode') === 'on',
      strategy: String(form.get('strategy')),
      modelKinds: form.getAll('modelKinds').map(String) as ModelKind[],
      resnet50Variant: String(form.get('resnet50Variant')) as ProjectSettingsUpdate['resnet50Variant'],
      consensusThreshold: Number(form.get('consensusThreshold')),
      claimTimeoutSeconds: Number(form.get('claimTimeoutMinutes')) * 60,
    };
    setBusy(true);
    try {
      const res = await fetch(`/api/projects/${slug}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const out = (await res.json()) as { ok: boolean; error?: { message: string } };
      setMessage(out.ok ? { ok: true, text: 'Settings saved.' } : { ok: false, text: out.error?.message ?? 'Saving failed.' });
      if (out.ok) router.refresh();
    } catch {
      setMessage({ ok: false, text: 'The server could not be reached; nothing was saved.' });
    } finally {
      setBusy(false);
    }
  }

  const input = 'rounded border border-slate-700 bg-slate-950 px-2 py-1';
  return (
    <form onSubmit={onSubmit} aria-label="Project settings" className="grid gap-4 rounded-lg border border-slate-800 bg-slate-900 p-4 sm:grid-cols-2 lg:grid-cols-4">
      <h2 className="font-medium sm:col-span-2 lg:col-span-4">Settings</h2>
      <label className="flex flex-col text-sm">
        Retrain after (new usable labels)
        <input name="retrainThreshold" type="number" min={1} max={100000} required defaultValue={settings.retrainThreshold} className={input} />
      </label>
      <label className="flex flex-col text-sm">
        Independent reads per scan
        <input name="labelsRequired" type="number" min={1} max={10} required defaultValue={settings.labelsRequired} className={input} />
      </label>
      <label className="flex flex-col text-sm">
        Review order (strategy)
        <select name="strategy" defaultValue={settings.strategy} className={input}>
          {strategies.map((s) => (
            <option key={s.name} value={s.name}>
              {s.title}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-sm">
        Consensus needed to train (posterior)
        <input name="consensusThreshold" type="number" min={0.5} max={1} step={0.01} required defaultValue={settings.consensusThreshold} className={input} />
      </label>
      <fieldset className="text-sm">
        <legend>Models trained</legend>
        {KINDS.map((k) => (
          <label key={k.kind} className="mr-3 inline-flex items-center gap-1">
            <input type="checkbox" name="modelKinds" value={k.kind} defaultChecked={settings.modelKinds.includes(k.kind)} />
            {k.label}
          </label>
        ))}
      </fieldset>
      <label className="flex flex-col text-sm">
        ResNet50 training
        <select name="resnet50Variant" defaultValue={settings.resnet50Variant} className={input}>
          <option value="finetune">Head, then fine-tune the last block</option>
          <option value="frozen">Head only (frozen backbone: fastest, best with few labels)</option>
        </select>
      </label>
      <label className="flex flex-col text-sm">
        Claims expire after (minutes)
        <input name="claimTimeoutMinutes" type="number" min={1} max={1440} required defaultValue={Math.round(settings.claimTimeoutSeconds / 60)} className={input} />
      </label>
      <label className="inline-flex items-center gap-2 text-sm">
        <input type="checkbox" name="blindMode" defaultChecked={settings.blindMode} />
        Blind mode (hide predictions and other reads until a reader has submitted)
      </label>
      <div className="flex items-center gap-3 sm:col-span-2 lg:col-span-4">
        <button type="submit" disabled={busy} className="rounded bg-sky-600 px-3 py-1.5 text-white hover:bg-sky-500 disabled:opacity-50">
          Save settings
        </button>
        {message && (
          <p role="status" className={message.ok ? 'text-emerald-300' : 'text-red-300'}>
            {message.text}
          </p>
        )}
      </div>
    </form>
  );
}
