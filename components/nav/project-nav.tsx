import Link from 'next/link';
import { hasRole, type Role } from '@/lib/auth/roles';

const links: { href: string; label: string; role: Role }[] = [
  { href: '', label: 'Overview', role: 'ANNOTATOR' },
  { href: '/scans', label: 'Label', role: 'ANNOTATOR' },
  { href: '/me', label: 'My reads', role: 'ANNOTATOR' },
  { href: '/agreement', label: 'Agreement', role: 'ANNOTATOR' },
  { href: '/adjudication', label: 'Adjudication', role: 'CLINICIAN' },
  { href: '/dashboard', label: 'Dashboard', role: 'LEAD' },
  { href: '/import', label: 'Import', role: 'LEAD' },
];

/** The project's sections, as far as the user's role in it reaches. */
export function ProjectNav({ slug, role }: { slug: string; role: Role }) {
  return (
    <nav aria-label="Project" className="w-44 shrink-0 border-r border-slate-800 bg-slate-900/60 p-3 text-sm">
      <ul className="space-y-1">
        {links
          .filter((l) => hasRole(role, l.role))
          .map((l) => (
            <li key={l.href}>
              <Link href={`/projects/${slug}${l.href}`} className="block rounded px-2 py-1.5 text-slate-300 hover:bg-slate-800 hover:text-white">
                {l.label}
              </Link>
            </li>
          ))}
      </ul>
    </nav>
  );
}
