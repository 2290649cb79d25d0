import type { Role } from '@/lib/auth/roles';
import type { Services } from '@/server/services';
import { requestExplanation } from '@/server/use-cases/request-explanation';
import type { GradCamDeps } from './load-grad-cam-capture';

/** The app's storage and explain queue for a report's Grad-CAM, asked for on behalf of the sender. */
export function gradCamDepsFor(services: Services, projectId: string, viewer: { id: string; role: Role }): GradCamDeps {
  const jobs = services.jobs;
  const storageDir = services.config.storageDir;
  return {
    storageDir,
    requestGradCam: jobs
      ? (key) => requestExplanation({ db: services.db, ...jobs, storageDir }, { ...key, projectId, viewer })
      : undefined,
  };
}
