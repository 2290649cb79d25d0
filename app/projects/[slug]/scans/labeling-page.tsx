import type { Role, SessionUser } from '@/lib/auth/roles';
import { nearChance } from '@/lib/dashboard/near-chance';
import { toLiveProject, type LiveProject } from '@/lib/realtime/live-transport';
import type { Db } from '@/server/db/client';
import { getReaderPreferences } from '@/server/use-cases/get-reader-preferences';
import { listModelVersions } from '@/server/use-cases/list-model-versions';
import { NearChanceNotice } from '@/components/dashboard/near-chance-notice';
import { AppHeader } from '@/components/nav/app-header';
import { LabelingWorkspace } from '@/components/labeling/labeling-workspace';

/**
 * The labelling page's frame, for "Start labelling" and for one scan alike: the header, the
 * notice that the ranking is still close to random while the active models are near chance,
 * and the workspace with the reader's saved auto-advance preference.
 */
export async function LabelingPage({
  db,
  user,
  project,
  role,
  initialScanId,
  initialMode = 'read',
}: {
  db: Db;
  user: SessionUser;
  project: LiveProject & { id: string; name: string };
  role: Role;
  initialScanId: string | null;
  initialMode?: 'read' | 'adjudicate';
}) {
  const [versions, preferences] = await Promise.all([
    listModelVersions(db, project.id, { active: true }),
    getReaderPreferences(db, user.id),
  ]);
  const notice = nearChance(versions);
  return (
    <>
      <AppHeader user={user} crumbs={[{ href: `/projects/${project.slug}`, label: project.name }]} />
      {notice && (
        <div className="px-4 pt-3">
          <NearChanceNotice nearChance={notice} />
        </div>
      )}
      <LabelingWorkspace
        project={{ ...toLiveProject(project), name: project.name }}
        role={role}
        initialScanId={initialScanId}
        initialMode={initialMode}
        initialAutoAdvance={preferences.autoAdvance}
      />
    </>
  );
}
