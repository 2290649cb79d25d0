import { ZodError } from 'zod';
import { AppError, isAppError, toErrorBody } from '@/lib/errors/app-error';
import { hasRole, type Role, type SessionUser } from '@/lib/auth/roles';
import { getServices, type Services } from '@/server/services';
import { currentUser } from '@/server/auth/session';
import { getMembershipOrThrow } from '@/server/use-cases/get-membership-or-throw';

type Project = Awaited<ReturnType<typeof getMembershipOrThrow>>['project'];

export interface RouteContext<P> {
  req: Request;
  params: P;
  user: SessionUser;
  services: Services;
  /** Present when the route is project-scoped (a `slug` param). */
  project: Project;
  role: Role;
}

interface RouteOptions {
  /** Minimum role: in the project for project routes, global otherwise. */
  role?: Role;
  /** Project-scoped: requires params.slug and membership. */
  project?: boolean;
}

/**
 * The one wrapper for route handlers (GUIDE principle 4): session, role, project
 * membership and error mapping. The body parses input, calls one use case, returns data.
 */
export function route<P extends Record<string, string> = Record<string, string>>(
  opts: RouteOptions,
  handler: (ctx: RouteContext<P>) => Promise<unknown>,
) {
  return async (req: Request, segment: { params: Promise<P> }): Promise<Response> => {
    let services: Services | undefined;
    try {
      services = getServices();
      const params = await segment.params;
      const user = await currentUser();
      if (!user) throw new AppError({ code: 'UNAUTHENTICATED', message: 'Sign in first.' });
      let project = undefined as unknown as Project;
      let role: Role = user.role;
      if (opts.project) {
        const m = await getMembershipOrThrow(services.db, user, params.slug ?? '', opts.role ?? 'ANNOTATOR');
        project = m.project;
        role = m.role;
      } else if (opts.role && !hasRole(user.role, opts.role)) {
        throw new AppError({ code: 'FORBIDDEN', message: `This needs the ${opts.role} role.` });
      }
      const result = await handler({ req, params, user, services, project, role });
      if (result instanceof Response) return result;
      return json({ ok: true, data: result }, 200);
    } catch (e) {
      return errorResponse(e, services);
    }
  };
}

export function errorResponse(e: unknown, services?: Services): Response {
  if (e instanceof ZodError) {
    const message = e.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    return json(toErrorBody(new AppError({ code: 'BAD_REQUEST', message })), 400);
  }
  if (!isAppError(e)) services?.log.error({ err: e }, 'unhandled error in route');
  const body = toErrorBody(e);
  return json(body, isAppError(e) ? e.status : 500);
}

function json(body: unknown, status: number): Response {
  return new Response(JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

export async function readJson(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new AppError({ code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' });
  }
}
