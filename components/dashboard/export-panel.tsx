import { modelName } from '@/lib/models/model-name';
import { type ModelVersionView } from '@/lib/dashboard/model-versions';

const link = 'rounded border border-slate-700 px-2.5 py-1 text-sm text-sky-300 hover:border-sky-600 hover:text-sky-200';

const tables = [
  { what: 'labels', title: 'Labels', help: 'Per-reader reads, consensus, adjudications and full history.' },
  { what: 'metrics', title: 'Metrics', help: 'Every model version, validation and test.' },
] as const;

/** Downloads of the same exports as `neuroloop export` (no patient identifiers in any of them). */
export function ExportPanel({ slug, versions }: { slug: string; versions: ModelVersionView[] }) {
  const href = (params: Record<string, string>) =>
    `/api/projects/${encodeURIComponent(slug)}/export?${new URLSearchParams(params).toString()}`;
  const active = versions.filter((v) => v.active);
  return (
    <div
      className="grid gap-4 rounded-lg border border-slate-800 bg-slate-900 p-4 md:grid-cols-3"
      data-testid="exports"
    >
      {tables.map((t) => (
        <div key={t.what}>
          <h3 className="mb-1 text-sm font-medium">{t.title}</h3>
          <p className="mb-2 text-xs text-slate-400">{t.help}</p>
          <div className="flex gap-2">
            {(['csv', 'json'] as const).map((format) => (
              <a key={format} className={link} href={href({ what: t.what, format })} download>
                {t.title} {format.toUpperCase()}
              </a>
            ))}
          </div>
        </div>
      ))}
      <div>
        <h3 className="mb-1 text-sm font-medium">Active models</h3>
        <p className="mb-2 text-xs text-slate-400">tfjs artifact (tar) with its model card.</p>
        <ul className="space-y-1">
          {active.map((v) => (
            <li key={v.kind} className="flex flex-wrap items-center gap-2 text-sm">
              <span className="text-slate-300">{modelName(v)}</span>
              {v.hasArtifact ? (
                <>
                  <a className={link} href={href({ what: 'model', format: 'tfjs', kind: v.kind })} download>
                    tfjs
                  </a>
                  <a className={link} href={href({ what: 'model', format: 'json', kind: v.kind })} download>
                    card
                  </a>
                </>
              ) : (
                <span className="text-xs text-slate-500">no artifact stored</span>
              )}
            </li>
          ))}
          {active.length === 0 && <li className="text-sm text-slate-500">No active model yet.</li>}
        </ul>
      </div>
    </div>
  );
}
