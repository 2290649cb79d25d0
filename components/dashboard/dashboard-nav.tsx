import Link from 'next/link';

const sections = [
  ['models', 'Models'],
  ['evaluation', 'Active version'],
  ['shortcuts', 'Shortcuts'],
  ['labels', 'Labels'],
  ['agreement', 'Agreement'],
  ['training', 'Training'],
  ['exports', 'Exports'],
] as const;

/** In-page links to the dashboard's sections, and the way to one's own reads. */
export function DashboardNav({ slug }: { slug: string }) {
  return (
    <nav aria-label="Dashboard sections" className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
      {sections.map(([id, name]) => (
        <a key={id} href={`#${id}`} className="text-slate-400 hover:text-sky-300">
          {name}
        </a>
      ))}
      <Link href={`/projects/${encodeURIComponent(slug)}/me`} className="ml-auto text-sky-300 hover:text-sky-200">
        My reads →
      </Link>
    </nav>
  );
}

/** The header's breadcrumbs of the dashboard and the pages under it. */
export function dashboardCrumbs(slug: string, projectName: string) {
  return [
    { href: `/projects/${slug}`, label: projectName },
    { href: `/projects/${slug}/dashboard`, label: 'Dashboard' },
  ];
}
