'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { hasRole, type Role } from '@/lib/auth/roles';

const links: { href: string; label: string; role: Role }[] = [
  { href: '', label: 'Overview', role: 'ANNOTATOR' },
  { href: '/scans', label: 'Label', role: 'ANNOTATOR' },
  { href: '/me', label: 'My reads', role: 'ANNOTATOR' },
  { href: '/agreement', label: 'Agreement', role: 'ANNOTATOR' },
  { href: '/adjudication', label: 'Adjudication', role: 'CLINICIAN' },
  { href: '/dashboard', label: 'Dashboard', role: 'LEAD' },
  { href: '/import', label: 'Import', role: 'LEAD' },
  { href: '/pacs', label: 'PACS', role: 'LEAD' },
];

/** The section a path belongs to: the longest link that is the path or a folder above it. */
export function currentSection(base: string, pathname: string): string | null {
  const matches = links
    .map((l) => l.href)
    .filter((href) => pathname === base + href || (href !== '' && pathname.startsWith(`${base}${href}/`)));
  return matches.sort((a, b) => b.length - a.length)[0] ?? null;
}

/** The project's sections, as far as the user's role in it reaches; the one shown is marked current. */
export function ProjectNav({ slug, role }: { slug: string; role: Role }) {
  const base = `/projects/${slug}`;
  const current = currentSection(base, usePathname());
  return (
    <nav aria-label="Project" className="w-44 shrink-0 border-r border-slate-800 bg-slate-900/60 p-3 text-sm">
      <ul className="space-y-1">
        {links
          .filter((l) => hasRole(role, l.role))
          .map((l) => (
            <li key={l.href}>
              <Link
                href={`${base}${l.href}`}
                aria-current={l.href === current ? 'page' : undefined}
                className="block rounded px-2 py-1.5 text-slate-300 hover:bg-slate-800 hover:text-white aria-[current=page]:bg-sky-900/60 aria-[current=page]:font-medium aria-[current=page]:text-white"
              >
                {l.label}
              </Link>
            </li>
          ))}
      </ul>
    </nav>
  );
}
