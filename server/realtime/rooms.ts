/** Room names. Per-user and clinician rooms route what blind mode lets each one see. */
export const projectRoom = (projectId: string): string => `p:${projectId}`;
export const userRoom = (projectId: string, userId: string): string => `p:${projectId}:u:${userId}`;
export const clinicianRoom = (projectId: string): string => `p:${projectId}:clinicians`;
export const scanRoom = (projectId: string, scanId: string): string => `p:${projectId}:s:${scanId}`;
