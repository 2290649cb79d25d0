import Link from 'next/link';
import { formatRatio } from '@/lib/dashboard/format';

export interface ScanCellItem {
  id: string;
  originalName: string;
  modality: string;
  probabilities: number[] | null;
  referenceRule: string | null;
}

/** The scans behind a confusion cell: thumbnail, name, the model's probabilities and where the reference came from. */
export function ScanCellList({ slug, labels, scans }: { slug: string; labels: string[]; scans: ScanCellItem[] }) {
  if (scans.length === 0) return <p className="text-sm text-slate-400">No scan is in this cell now.</p>;
  const base = `/projects/${encodeURIComponent(slug)}/scans`;
  return (
    <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5" data-testid="confusion-scans">
      {scans.map((s) => (
        <li key={s.id} data-scan-id={s.id}>
          <Link
            href={`${base}/${encodeURIComponent(s.id)}`}
            className="block rounded-lg border border-slate-800 bg-slate-900 p-2 hover:border-sky-700"
          >
            <img
              src={`/api/projects/${encodeURIComponent(slug)}/scans/${encodeURIComponent(s.id)}/thumbnail`}
              alt=""
              loading="lazy"
              className="aspect-square w-full rounded bg-slate-950 object-contain"
            />
            <span
              className="mt-1 block truncate text-sm text-slate-200"
              title={s.originalName}
              data-testid="confusion-scan-name"
            >
              {s.originalName}
            </span>
            <span className="block text-xs text-slate-400">
              {s.probabilities
                ? labels.map((l, i) => `${l} ${formatRatio(s.probabilities?.[i], 2)}`).join(' · ')
                : 'no stored prediction'}
            </span>
            <span className="block text-xs text-slate-500">
              {s.modality} · reference: {s.referenceRule ?? 'none'}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
