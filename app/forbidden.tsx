import type { Metadata } from 'next';
import { connection } from 'next/server';
import { ErrorPage } from '@/components/errors/error-page';
import { currentUser } from '@/server/auth/session';
import { projectSlugOf, requestPath } from '@/server/http/request-path';
import { getServices } from '@/server/services';
import { getProjectAccess } from '@/server/use-cases/get-project-access';

export const metadata: Metadata = { title: 'No access' };

/** 403: who may not see what, and whom to ask. */
export default async function Forbidden() {
  // Rendered per request only (it reads the session): never prerendered with the 404 page.
  await connection();
  const [user, path] = await Promise.all([currentUser(), requestPath()]);
  const slug = projectSlugOf(path);
  const access = user && slug ? await getProjectAccess(getServices().db, { userId: user.id, slug }) : null;
  if (access && !access.role)
    return (
      <ErrorPage status={403} title="Not a member of this project">
        <p>
          You are not a member of <strong>{access.projectName}</strong>; ask a lead of the project to add you.
        </p>
      </ErrorPage>
    );
  if (access)
    return (
      <ErrorPage status={403} title="Not open to your role">
        <p>
          This page of <strong>{access.projectName}</strong> is for a higher role than yours ({access.role}); ask a lead
          of the project if you need it.
        </p>
      </ErrorPage>
    );
  return (
    <ErrorPage status={403} title="Not open to your role">
      <p>This page needs a role you do not have; ask an administrator if you need it.</p>
    </ErrorPage>
  );
}
