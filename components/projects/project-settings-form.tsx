'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { ModelKind, ProjectSettingsUpdate } from '@/lib/schemas/project';

export interface ProjectSettings {
  retrainThreshold: number;
  readsPerScan: number;
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
export function ProjectSettingsForm({
  slug,
  settings,
  strategies,
}: {
  slug: string;
  settings: ProjectSettings;
  strategies: { name: string; title: string }[];
}) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body: ProjectSettingsUpdate = {
      retrainThreshold: Number(form.get('retrainThreshold')),
      readsPerScan: Number(form.get('readsPerScan')),
      blindMode: form.get('blindMode') === 'on',
      strategy: String(form.get('strategy')),
      modelKinds: form.getAll('modelKinds').map(String) as ModelKind[],
      resnet50Variant: String(form.get('resnet50Variant')) as ProjectSettingsUpdate['resnet50Variant'],
      consensusThreshold: Number(form.get('consensusThreshold')),
      claimTimeoutSeconds: Number(form.get('claimTimeoutMinutes')) * 60,
    };
    setBusy(true);
    try {
      const res = await fetch(`/api/projects/${slug}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const out = (await res.json()) as { ok: boolean; error?: { message: string } };
      setMessage(
        out.ok ? { ok: true, text: 'Settings saved.' } : { ok: false, text: out.error?.message ?? 'Saving failed.' },
      );
      if (out.ok) router.refresh();
    } catch {
      setMessage({ ok: false, text: 'The server could not be reached; nothing was saved.' });
    } finally {
      setBusy(false);
    }
  }

  const input = 'rounded border border-slate-600 bg-slate-950 px-2 py-1';
  return (
    <form
      onSubmit={onSubmit}
      aria-label="Project settings"
      className="grid gap-5 rounded-lg border border-slate-800 bg-slate-900 p-4 sm:grid-cols-2"
    >
      <h2 className="font-medium sm:col-span-2">Settings</h2>
      <Field
        name="retrainThreshold"
        label="Retrain after (new usable labels)"
        help={`Training starts by itself once this many more scans have a label that can train the models: a scan counts when its reads agree (with ${settings.readsPerScan} reads per scan, that is ${settings.readsPerScan} label actions or more per scan) or when a clinician adjudicated it. Label actions on scans that still disagree do not count.`}
      >
        <input
          id="retrainThreshold"
          name="retrainThreshold"
          type="number"
          min={1}
          max={100000}
          required
          defaultValue={settings.retrainThreshold}
          aria-describedby="retrainThreshold-help"
          className={input}
        />
      </Field>
      <Field
        name="readsPerScan"
        label="Independent reads per scan"
        help="How many different readers label each scan before it leaves the review queue. Two readers who disagree send the scan to a clinician."
      >
        <input
          id="readsPerScan"
          name="readsPerScan"
          type="number"
          min={1}
          max={10}
          required
          defaultValue={settings.readsPerScan}
          aria-describedby="readsPerScan-help"
          className={input}
        />
      </Field>
      <Field
        name="strategy"
        label="Review order (strategy)"
        help="How the queue ranks unlabelled scans from the active models' predictions: the scans the models are least sure about come first."
      >
        <select
          id="strategy"
          name="strategy"
          defaultValue={settings.strategy}
          aria-describedby="strategy-help"
          className={input}
        >
          {strategies.map((s) => (
            <option key={s.name} value={s.name}>
              {s.title}
            </option>
          ))}
        </select>
      </Field>
      <Field
        name="consensusThreshold"
        label="Consensus needed to train (posterior)"
        help="With three or more human reads of a scan, the Dawid–Skene consensus trains the models only when its probability reaches this value; below it the scan waits for a clinician."
      >
        <input
          id="consensusThreshold"
          name="consensusThreshold"
          type="number"
          min={0.5}
          max={1}
          step={0.01}
          required
          defaultValue={settings.consensusThreshold}
          aria-describedby="consensusThreshold-help"
          className={input}
        />
      </Field>
      <fieldset className="text-sm" aria-describedby="modelKinds-help">
        <legend>Models trained</legend>
        {KINDS.map((k) => (
          <label key={k.kind} className="mr-3 inline-flex items-center gap-1">
            <input
              type="checkbox"
              name="modelKinds"
              value={k.kind}
              defaultChecked={settings.modelKinds.includes(k.kind)}
            />
            {k.label}
          </label>
        ))}
        <p id="modelKinds-help" className="mt-1 text-xs text-slate-400">
          Each training run trains every kind checked here. With few labels the ImageNet ResNet50 learns fastest; the
          CNN and ResNet trained from scratch need more.
        </p>
      </fieldset>
      <Field
        name="resnet50Variant"
        label="ResNet50 training"
        help="A head on stage 4's features trains in seconds per round and scored best on real MRI; fine-tuning the last block costs minutes per round."
      >
        <select
          id="resnet50Variant"
          name="resnet50Variant"
          defaultValue={settings.resnet50Variant}
          aria-describedby="resnet50Variant-help"
          className={input}
        >
          <option value="stage4">Head on mid-level features (best measured on real MRI; fast)</option>
          <option value="finetune">Head on the last block, then fine-tune it (slow)</option>
          <option value="frozen">Head on the last block only</option>
        </select>
      </Field>
      <Field
        name="claimTimeoutMinutes"
        label="Claims expire after (minutes)"
        help="A reader who opens a scan holds it this long, so that two readers are rarely served the same scan; an idle claim returns to the queue."
      >
        <input
          id="claimTimeoutMinutes"
          name="claimTimeoutMinutes"
          type="number"
          min={1}
          max={1440}
          required
          defaultValue={Math.round(settings.claimTimeoutSeconds / 60)}
          aria-describedby="claimTimeoutMinutes-help"
          className={input}
        />
      </Field>
      <div className="text-sm">
        <label className="inline-flex items-center gap-2">
          <input
            type="checkbox"
            name="blindMode"
            defaultChecked={settings.blindMode}
            aria-describedby="blindMode-help"
          />
          Blind mode (hide predictions and other reads until a reader has submitted)
        </label>
        <p id="blindMode-help" className="mt-1 text-xs text-slate-400">
          Readers who see the model or each other first tend to agree with it: blind reads keep agreement honest.
        </p>
      </div>
      <div className="flex items-center gap-3 sm:col-span-2">
        <button
          type="submit"
          disabled={busy}
          className="rounded bg-sky-700 px-3 py-1.5 text-white hover:bg-sky-600 disabled:opacity-50"
        >
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

/** A labelled setting with its help text below (read out with the control). */
function Field({
  name,
  label,
  help,
  children,
}: {
  name: string;
  label: string;
  help: string;
  children: React.ReactNode;
}) {
  return (
    <div className="flex flex-col text-sm">
      <label htmlFor={name}>{label}</label>
      {children}
      <p id={`${name}-help`} className="mt-1 text-xs text-slate-400">
        {help}
      </p>
    </div>
  );
}
