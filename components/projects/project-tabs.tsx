import Link from 'next/link';

export const projectTabs = ['scans', 'settings', 'members'] as const;
export type ProjectTab = (typeof projectTabs)[number];

const titles: Record<ProjectTab, string> = { scans: 'Scans', settings: 'Settings', members: 'Members' };

/** The project page's sections, one at a time: links, so each tab has its own address. */
export function ProjectTabs({ slug, current }: { slug: string; current: ProjectTab }) {
  return (
    <nav aria-label="Project sections" className="border-b border-slate-800">
      <ul className="flex gap-1">
        {projectTabs.map((tab) => (
          <li key={tab}>
            <Link
              href={tab === 'scans' ? `/projects/${slug}` : `/projects/${slug}?tab=${tab}`}
              aria-current={tab === current ? 'page' : undefined}
              className={
                tab === current
                  ? '-mb-px block border-b-2 border-sky-400 px-4 py-2 font-medium text-white'
                  : 'block px-4 py-2 text-slate-300 hover:text-white'
              }
            >
              {titles[tab]}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
