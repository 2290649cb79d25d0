import { ZodError } from 'zod';
import { AppError, isAppError, toErrorBody } from '@/lib/errors/app-error';
import { hasRole, type Role, type SessionUser } from '@/lib/auth/roles';
import { checkSameOrigin } from '@/lib/auth/same-origin';
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
  /** What a state-changing request's body must be: JSON (the default) or a multipart upload. */
  body?: 'json' | 'multipart';
  /** An archived project is read-only: its writes are refused unless the route allows them (restoring it). */
  archived?: 'refused' | 'allowed';
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one wrapper for route handlers (docs/ARCHITECTURE.md, "Handlers and errors"): session, role, project
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
      if (!SAFE_METHODS.has(req.method.toUpperCase())) assertSameSiteWrite(req, opts.body ?? 'json', services);
      const params = await segment.params;
      const user = await currentUser();
      if (!user) throw new AppError({ code: 'UNAUTHENTICATED', message: 'Sign in first.' });
      let project = undefined as unknown as Project;
      let role: Role = user.role;
      if (opts.project) {
        const m = await getMembershipOrThrow(services.db, user, params.slug ?? '', opts.role ?? 'ANNOTATOR');
        project = m.project;
        role = m.role;
        if (project.archivedAt && opts.archived !== 'allowed' && !SAFE_METHODS.has(req.method.toUpperCase())) {
          throw new AppError({
            code: 'CONFLICT',
            message: 'This project is archived: it is read-only until an admin restores it.',
          });
        }
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

/**
 * Cross-site request forgery: a state-changing request must come from this site's pages
 * (Origin), and carry the body type a form on another site cannot send without a preflight.
 */
function assertSameSiteWrite(req: Request, body: 'json' | 'multipart', services: Services): void {
  const verdict = checkSameOrigin({
    origin: req.headers.get('origin'),
    secFetchSite: req.headers.get('sec-fetch-site'),
    host: req.headers.get('host') ?? new URL(req.url).host,
    publicOrigin: services.config.NEXTAUTH_URL,
  });
  if (!verdict.ok) {
    services.log.warn(
      { method: req.method, url: req.url, origin: req.headers.get('origin') },
      'cross-site write refused',
    );
    throw new AppError({ code: 'FORBIDDEN', message: verdict.reason });
  }
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const expected = body === 'json' ? 'application/json' : 'multipart/form-data';
  if (type !== expected) {
    throw new AppError({
      code: 'UNSUPPORTED',
      message: `This request needs a ${expected} body (got ${type || 'none'}).`,
    });
  }
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
  return new Response(
    JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)),
    {
      status,
      headers: { 'content-type': 'application/json' },
    },
  );
}

export async function readJson(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new AppError({ code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' });
  }
}
