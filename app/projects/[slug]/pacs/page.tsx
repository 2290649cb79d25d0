import type { Metadata } from 'next';
import { AppHeader } from '@/components/nav/app-header';
import { PacsPanel } from '@/components/pacs/pacs-panel';
import { ReportList } from '@/components/pacs/report-list';
import { requireProjectMember } from '@/server/http/page-guard';
import { getServices } from '@/server/services';
import { listPacsReports } from '@/server/use-cases/list-pacs-reports';
import { listPacsSources } from '@/server/use-cases/list-pacs-sources';

export const metadata: Metadata = { title: 'PACS' };
export const dynamic = 'force-dynamic';

export default async function PacsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, project } = await requireProjectMember(slug, 'LEAD');
  const db = getServices().db;
  const [sources, reports] = await Promise.all([listPacsSources(db, project.id), listPacsReports(db, project.id)]);
  return (
    <>
      <AppHeader
        user={user}
        crumbs={[
          { href: `/projects/${slug}`, label: project.name },
          { href: `/projects/${slug}/pacs`, label: 'PACS' },
        ]}
      />
      <main className="mx-auto max-w-5xl space-y-4 p-6">
        <h1 className="text-2xl font-semibold">Scans from a PACS</h1>
        <p className="text-sm text-slate-400">
          Connect a DICOMweb server, pick the series to import or let a sync bring new ones, and send consensus labels
          back as DICOM reports. Imports go through the same de-identification and duplicate rules as files; a series
          comes in whole, or its failed instances are listed.
        </p>
        <PacsPanel slug={slug} initial={sources} />
        <ReportList slug={slug} initial={reports} />
      </main>
    </>
  );
}
