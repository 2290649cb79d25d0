import { AppError } from '@/lib/errors/app-error';
import type { ScanSink } from './import-port';

/** The database-backed sink for a project. The lead replaces this file with the Prisma adapter. */
export async function openSink(projectSlug: string): Promise<ScanSink> {
  throw new AppError({ code: 'UNSUPPORTED', message: `database wiring pending: cannot import into project "${projectSlug}" yet (use --dry-run)` });
}
