import type { Metadata } from 'next';
import Link from 'next/link';
import { AppHeader } from '@/components/nav/app-header';
import { AnnotatorView } from '@/components/dashboard/annotator-view';
import { hasRole } from '@/lib/auth/roles';
import { requireProjectMember } from '@/server/http/page-guard';
import { getServices } from '@/server/services';
import { getAnnotatorSummary } from '@/server/use-cases/get-annotator-summary';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'My reads' };

/** Any member's own view: their reads, agreement with consensus, and what adjudication overruled. */
export default async function MyReadsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, project, role } = await requireProjectMember(slug);
  const summary = await getAnnotatorSummary(getServices().db, project, user.id);
  return (
    <>
      <AppHeader
        user={user}
        crumbs={[
          { href: `/projects/${slug}`, label: project.name },
          { href: `/projects/${slug}/me`, label: 'My reads' },
        ]}
      />
      <main className="mx-auto max-w-6xl space-y-6 p-6">
        <header className="flex flex-wrap items-baseline gap-4">
          <h1 className="text-2xl font-semibold" data-testid="me-title">
            My reads
          </h1>
          <p className="text-sm text-slate-400">{project.name}</p>
          {hasRole(role, 'LEAD') && (
            <Link href={`/projects/${slug}/dashboard`} className="ml-auto text-sm text-sky-300 hover:text-sky-200">
              Project dashboard →
            </Link>
          )}
        </header>
        <AnnotatorView
          counts={summary.counts}
          consensus={summary.consensus}
          overruled={summary.overruled}
          reads={summary.reads}
          readsPerDay={summary.readsPerDay}
        />
      </main>
    </>
  );
}
