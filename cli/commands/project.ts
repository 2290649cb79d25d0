import { z } from 'zod';
import { AppError } from '@/lib/errors/app-error';
import { modelKindSchema, taskTypeSchema } from '@/lib/schemas/project';
import { createProject } from '@/server/use-cases/create-project';
import { listProjects } from '@/server/use-cases/list-projects';
import { addProjectMember } from '@/server/use-cases/add-project-member';
import { getProjectOrThrow } from '@/server/use-cases/get-project-or-throw';
import { roleSchema } from '@/lib/auth/roles';
import { withDb } from '../lib/with-db';
import { parseFlags } from '../flags';
import { printJson, printTable } from '../output';
import type { CliCommand } from '../types';

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

const createSchema = z.object({
  slug: z.string(),
  name: z.string().optional(),
  task: taskTypeSchema.default('MULTICLASS'),
  labels: z.string().transform(list),
  normal: z.string().transform(list).optional(),
  'labels-required': z.coerce.number().int().optional(),
  'retrain-threshold': z.coerce.number().int().optional(),
  models: z.string().transform(list).pipe(z.array(modelKindSchema)).optional(),
  'no-blind': z.boolean().optional(),
  lead: z.string().email().optional(),
  json: z.boolean().optional(),
});

export const command: CliCommand = {
  name: 'project',
  summary: 'Create or list projects, add members',
  help: `Usage:
  neuroloop project create --slug SLUG --labels a,b[,c...] [--name NAME] [--task BINARY|MULTICLASS|MULTILABEL]
                           [--normal a] [--labels-required 2] [--retrain-threshold 50]
                           [--models CNN,RESNET,RESNET50] [--no-blind] [--lead EMAIL] [--json]
  neuroloop project list [--json]
  neuroloop project add-member --slug SLUG --email EMAIL --role ANNOTATOR|CLINICIAN|LEAD [--json]`,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'create') {
      const opts = {
        slug: { type: 'string' }, name: { type: 'string' }, task: { type: 'string' }, labels: { type: 'string' },
        normal: { type: 'string' }, 'labels-required': { type: 'string' }, 'retrain-threshold': { type: 'string' },
        models: { type: 'string' }, 'no-blind': { type: 'boolean' }, lead: { type: 'string' }, json: { type: 'boolean' },
      } as const;
      const { flags } = parseFlags(rest, opts, createSchema);
      const project = await withDb(async ({ db }) => {
        const lead = flags.lead ? await db.user.findUnique({ where: { email: flags.lead.toLowerCase() } }) : null;
        if (flags.lead && !lead) throw new AppError({ code: 'NOT_FOUND', message: `No user ${flags.lead}.` });
        return createProject(
          db,
          {
            slug: flags.slug, name: flags.name ?? flags.slug, task: flags.task, labels: flags.labels,
            normalLabels: flags.normal ?? [], labelsRequired: flags['labels-required'],
            retrainThreshold: flags['retrain-threshold'], modelKinds: flags.models, blindMode: !flags['no-blind'],
          },
          lead?.id ?? null,
        );
      });
      if (flags.json) printJson(io, project);
      else io.stdout.write(`Created project ${project.slug} (${project.labels.join(', ')}).\n`);
      return 0;
    }
    if (sub === 'list') {
      const { flags } = parseFlags(rest, { json: { type: 'boolean' } }, z.object({ json: z.boolean().optional() }));
      const projects = await withDb(({ db }) => listProjects(db, null));
      if (flags.json) printJson(io, projects);
      else printTable(io, projects.map((p) => ({ slug: p.slug, name: p.name, task: p.task, labels: p.labels.join(','), scans: p.scans, annotations: p.annotations, members: p.members })));
      return 0;
    }
    if (sub === 'add-member') {
      const schema = z.object({ slug: z.string(), email: z.string().email(), role: roleSchema, json: z.boolean().optional() });
      const { flags } = parseFlags(rest, { slug: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' }, json: { type: 'boolean' } }, schema);
      const member = await withDb(async ({ db }) => {
        const project = await getProjectOrThrow(db, flags.slug);
        return addProjectMember(db, { projectId: project.id, email: flags.email, role: flags.role }, null);
      });
      if (flags.json) printJson(io, member);
      else io.stdout.write(`${flags.email} is now ${flags.role} in ${flags.slug}.\n`);
      return 0;
    }
    throw new AppError({ code: 'BAD_REQUEST', message: 'Expected `project create`, `project list` or `project add-member` (see --help).' });
  },
};
