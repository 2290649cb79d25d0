import type { Read } from '@/lib/agreement/types';
import type { Role } from '@/lib/auth/roles';
import type { CreateProjectInput } from '@/lib/schemas/project';
import { addMember, makeProject, makeUser } from '../../helpers/fixtures';
import { appendAnnotations, insertScans, withPg, type SeedAnnotation } from '../../helpers/agreement-fixtures';
import type { TestDatabase } from '../../helpers/test-db';

export type SeededProject = Awaited<ReturnType<typeof seedProject>>;

/**
 * A project with named readers (members), a lead and a clinician, and `scans` scans.
 * Reads are added with `t.append` in the store's own form (chains, sequence numbers).
 */
export async function seedProject(
  t: TestDatabase,
  opts: { readers: string[]; scans: number; project?: Partial<CreateProjectInput> },
) {
  const lead = await makeUser(t.db, 'LEAD');
  const project = await makeProject(t.db, { labels: ['normal', 'glioma', 'meningioma'], ...opts.project }, lead.id);
  const member = async (role: Role, name?: string) => {
    const u = await makeUser(t.db, role, name);
    await addMember(t.db, project.id, u.email, role);
    return u;
  };
  const readers = [];
  for (const name of opts.readers) readers.push(await member('ANNOTATOR', name));
  const clinician = await member('CLINICIAN');
  const scans = await withPg(t.url, (c) => insertScans(c, project.id, opts.scans));
  return {
    project,
    lead,
    clinician,
    readers,
    scans,
    /** Reads given by reader index and scan index. */
    append: (rows: SeedAnnotation[]) => withPg(t.url, (c) => appendAnnotations(c, project.id, rows)),
    /** The project row as the app loads it (lastSequence current). */
    load: () => t.db.project.findUniqueOrThrow({ where: { id: project.id } }),
  };
}

/** Simulated reads (items "scan-i", readers "reader-r") as annotations of seeded scans and readers. */
export function simulatedAnnotations(
  seeded: Pick<SeededProject, 'scans' | 'readers'>,
  reads: readonly Read[],
  at?: Date,
): SeedAnnotation[] {
  const index = (s: string) => Number(s.slice(s.lastIndexOf('-') + 1));
  return reads.map((r) => ({
    scanId: seeded.scans[index(r.item)],
    authorId: seeded.readers[index(r.reader)].id,
    labels: [r.label],
    ...(at ? { at } : {}),
  }));
}

/** The same reads with scans by id and readers by name: the table the app should compute on. */
export function asStoredTable(seeded: Pick<SeededProject, 'scans' | 'readers'>, reads: readonly Read[]): Read[] {
  const index = (s: string) => Number(s.slice(s.lastIndexOf('-') + 1));
  return reads.map((r) => ({
    item: seeded.scans[index(r.item)],
    reader: seeded.readers[index(r.reader)].name,
    label: r.label,
  }));
}

/** Numbers rounded to 12 significant digits: equal up to the order floating-point sums ran in. */
export function rounded<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v)),
  ) as T;
}
