import { route } from '@/server/http/route';
import { listModelVersions } from '@/server/use-cases/list-model-versions';

/** The trained versions a member may ask Grad-CAM of (READY, with an artifact): the labelling page's model picker. */
export const GET = route<{ slug: string }>({ project: true }, async ({ services, project }) => {
  const versions = await listModelVersions(services.db, project.id, { state: 'READY', artifactPath: { not: null } });
  return { versions: versions.map(({ id, kind, version, active }) => ({ id, kind, version, active })) };
});
