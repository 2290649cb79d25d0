import Link from 'next/link';

/** Links between the agreement page and the adjudication queue (clinicians and above). */
export function AgreementTabs({
  slug,
  current,
  showQueue,
}: {
  slug: string;
  current: 'agreement' | 'adjudication';
  showQueue: boolean;
}) {
  const tabs = [
    { key: 'agreement', href: `/projects/${slug}/agreement`, label: 'Agreement' },
    ...(showQueue
      ? [{ key: 'adjudication', href: `/projects/${slug}/adjudication`, label: 'Adjudication queue' }]
      : []),
  ];
  return (
    <nav aria-label="Agreement" className="flex gap-2 border-b border-slate-800 text-sm">
      {tabs.map((t) => (
        <Link
          key={t.key}
          href={t.href}
          aria-current={t.key === current ? 'page' : undefined}
          className={`-mb-px border-b-2 px-3 py-2 ${t.key === current ? 'border-sky-400 text-slate-100' : 'border-transparent text-slate-400 hover:text-slate-100'}`}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
