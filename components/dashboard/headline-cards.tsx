import { modelKindName } from '@/lib/models/model-name';
import { delta, trendTone, type KindHeadline } from '@/lib/dashboard/headline';
import { formatDelta, formatRatio } from '@/lib/dashboard/format';
import type { VersionPoint } from '@/lib/dashboard/model-series';

const tiles = [
  { key: 'macroF1', name: 'Macro F1', higherIsBetter: true, format: (v: number | null) => formatRatio(v) },
  {
    key: 'lesionSensitivity',
    name: 'Lesion sensitivity',
    higherIsBetter: true,
    format: (v: number | null) => formatRatio(v),
  },
  {
    key: 'lesionsCalledNormal',
    name: 'Lesions called normal',
    higherIsBetter: false,
    format: (v: number | null) => (v === null ? '—' : String(v)),
  },
  { key: 'ece', name: 'ECE', higherIsBetter: false, format: (v: number | null) => formatRatio(v) },
  {
    key: 'labelCount',
    name: 'Labels trained on',
    higherIsBetter: true,
    format: (v: number | null) => (v === null ? '—' : String(v)),
  },
] as const satisfies readonly {
  key: keyof VersionPoint;
  name: string;
  higherIsBetter: boolean;
  format: (v: number | null) => string;
}[];

const toneClass = {
  better: 'text-emerald-400',
  worse: 'text-rose-400',
  same: 'text-slate-400',
  none: 'text-slate-500',
};

/** Per model kind: the active version's headline numbers, each with its change since the previous version. */
export function HeadlineCards({ headlines }: { headlines: KindHeadline[] }) {
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      {headlines.map((h) => (
        <article
          key={h.kind}
          className="rounded-lg border border-slate-800 bg-slate-900 p-4"
          data-testid={`headline-${h.kind}`}
          aria-labelledby={`headline-${h.kind}-title`}
        >
          <header className="mb-3 flex items-baseline justify-between gap-2">
            <h3 id={`headline-${h.kind}-title`} className="font-medium text-slate-100">
              {modelKindName(h.kind)}
            </h3>
            <span className="text-xs text-slate-400">
              {h.current ? (
                <>
                  <span className="rounded bg-sky-900/70 px-1.5 py-0.5 text-sky-200">active v{h.current.version}</span>
                  {h.previous && <span className="ml-1">vs v{h.previous.version}</span>}
                </>
              ) : h.latest ? (
                `no active version · latest v${h.latest.version} ${h.latest.state.toLowerCase()}`
              ) : (
                'not trained yet'
              )}
            </span>
          </header>
          {h.current ? (
            <dl className="grid grid-cols-2 gap-x-4 gap-y-2">
              {tiles.map((t) => {
                const value = h.current![t.key];
                const change = delta(value, h.previous?.[t.key]);
                const tone = trendTone(change, t.higherIsBetter);
                return (
                  <div key={t.key} className={t.key === 'labelCount' ? 'col-span-2' : ''}>
                    <dt className="text-xs text-slate-400">{t.name}</dt>
                    <dd className="flex items-baseline gap-2">
                      <span className="text-xl font-semibold tabular-nums" data-metric={t.key}>
                        {t.format(value)}
                      </span>
                      {change !== null && (
                        <span
                          className={`text-xs tabular-nums ${toneClass[tone]}`}
                          title={`change since v${h.previous?.version}`}
                        >
                          {t.key === 'lesionsCalledNormal' || t.key === 'labelCount'
                            ? formatDelta(change, 0)
                            : formatDelta(change)}
                        </span>
                      )}
                    </dd>
                  </div>
                );
              })}
            </dl>
          ) : (
            <p className="text-sm text-slate-500">
              Metrics appear when a version of this kind is trained and promoted.
            </p>
          )}
          {h.backend && (
            <p className="mt-3 text-xs text-slate-500">
              backend {h.backend} · {h.current?.split ?? ''} split
            </p>
          )}
        </article>
      ))}
    </div>
  );
}
