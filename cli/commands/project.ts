import { z } from 'zod';
import { modelKindSchema, resnet50VariantSchema, taskTypeSchema } from '@/lib/schemas/project';
import { strategyNameSchema } from '@/lib/strategies';
import { createProject } from '@/server/use-cases/create-project';
import { listProjects } from '@/server/use-cases/list-projects';
import { addProjectMember } from '@/server/use-cases/add-project-member';
import { getProjectOrThrow } from '@/server/use-cases/get-project-or-throw';
import { getUserByEmailOrThrow } from '@/server/use-cases/get-user-by-email-or-throw';
import { roleSchema } from '@/lib/auth/roles';
import { withDb } from '../lib/with-db';
import { defineCommand, defineCommandGroup } from '../command';
import { flag, jsonFlag } from '../flags';
import { printJson, printTable } from '../output';

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

const create = defineCommand({
  name: 'project create',
  summary: 'Create a project with its label set',
  flags: z.object({
    slug: flag(z.string().min(1), 'the short name in URLs and commands', 'SLUG'),
    name: flag(z.string().optional(), 'display name (default: the slug)', 'NAME'),
    task: flag(taskTypeSchema.default('MULTICLASS'), 'one label per scan, or several (MULTILABEL)', 'TASK'),
    labels: flag(z.string().transform(list), 'the label set, in order, comma-separated', 'LIST'),
    normal: flag(z.string().transform(list).optional(), 'labels meaning "no finding" (lesion sensitivity)', 'LIST'),
    'reads-per-scan': flag(z.coerce.number().int().optional(), 'independent reads per scan (default 2)', 'N'),
    'retrain-threshold': flag(
      z.coerce.number().int().optional(),
      'new usable labels that queue a retraining (default 50)',
      'N',
    ),
    models: flag(
      z.string().transform(list).pipe(z.array(modelKindSchema)).optional(),
      'model kinds that train, comma-separated: CNN, RESNET, RESNET50 (default all three)',
      'LIST',
    ),
    strategy: flag(strategyNameSchema.optional(), 'how the review queue is ranked (default entropy)', 'NAME'),
    'resnet50-variant': flag(
      resnet50VariantSchema.optional(),
      "stage4 (the default: a head on stage 4's max-pooled features), finetune (stage 5 trained too) or frozen (a head on stage 5's features)",
      'VARIANT',
    ),
    'no-blind': flag(z.boolean().default(false), "show others' reads and predictions before a reader submits"),
    lead: flag(z.string().email().optional(), 'make this user the project lead', 'EMAIL'),
    json: jsonFlag('print the new project as JSON'),
  }),
  async run({ flags, io }) {
    const project = await withDb(async ({ db }) => {
      const lead = flags.lead ? await getUserByEmailOrThrow(db, flags.lead) : null;
      return createProject(
        db,
        {
          slug: flags.slug,
          name: flags.name ?? flags.slug,
          task: flags.task,
          labels: flags.labels,
          normalLabels: flags.normal ?? [],
          readsPerScan: flags['reads-per-scan'],
          retrainThreshold: flags['retrain-threshold'],
          modelKinds: flags.models,
          strategy: flags.strategy,
          resnet50Variant: flags['resnet50-variant'],
          blindMode: !flags['no-blind'],
        },
        lead?.id ?? null,
      );
    });
    if (flags.json) printJson(io, project);
    else io.stdout.write(`Created project ${project.slug} (${project.labels.join(', ')}).\n`);
    return 0;
  },
});

const listProjectsCommand = defineCommand({
  name: 'project list',
  summary: 'List projects with their scans, annotations and members',
  flags: z.object({ json: jsonFlag() }),
  async run({ flags, io }) {
    const projects = await withDb(({ db }) => listProjects(db, null));
    if (flags.json) printJson(io, projects);
    else
      printTable(
        io,
        projects.map((p) => ({
          slug: p.slug,
          name: p.name,
          task: p.task,
          labels: p.labels.join(','),
          scans: p.scans,
          annotations: p.annotations,
          members: p.members,
        })),
      );
    return 0;
  },
});

const addMember = defineCommand({
  name: 'project add-member',
  summary: 'Give a user a role in a project',
  flags: z.object({
    slug: flag(z.string().min(1), 'the project', 'SLUG'),
    email: flag(z.string().email(), 'the user', 'EMAIL'),
    role: flag(roleSchema, 'their role in this project', 'ROLE'),
    json: jsonFlag('print the membership as JSON'),
  }),
  async run({ flags, io }) {
    const member = await withDb(async ({ db }) => {
      const project = await getProjectOrThrow(db, flags.slug);
      return addProjectMember(db, { projectId: project.id, email: flags.email, role: flags.role }, null);
    });
    if (flags.json) printJson(io, member);
    else io.stdout.write(`${flags.email} is now ${flags.role} in ${flags.slug}.\n`);
    return 0;
  },
});

export const command = defineCommandGroup({
  name: 'project',
  summary: 'Create or list projects, add members',
  subcommands: { create, list: listProjectsCommand, 'add-member': addMember },
});
