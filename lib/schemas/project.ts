import { z } from 'zod';
import { roleSchema } from '@/lib/auth/roles';
import { resnet50Variants } from '@/lib/models/configs';
import { strategyNameSchema } from '@/lib/strategies/registry';
import { modelKindSchema } from './model-kind';

export { modelKindSchema, type ModelKind } from './model-kind';
export const taskTypeSchema = z.enum(['BINARY', 'MULTICLASS', 'MULTILABEL']);

export const projectSlugSchema = z
  .string()
  .trim()
  .min(2)
  .max(48)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single dashes');

/** The ResNet50 variants a project may train: the trainer's table (the migration's CHECK lists the same). */
export const resnet50VariantSchema = z.enum(
  Object.keys(resnet50Variants) as [keyof typeof resnet50Variants, ...(keyof typeof resnet50Variants)[]],
);

/** Imaging modalities a project may hold (DICOM Modality codes). */
export const projectModalitySchema = z.enum(['CT', 'MR', 'CR', 'DX', 'PT', 'US', 'OT']);

export const createProjectSchema = z
  .object({
    slug: projectSlugSchema,
    name: z.string().trim().min(1).max(120),
    description: z.string().max(2000).default(''),
    modality: projectModalitySchema.default('CT'),
    task: taskTypeSchema.default('MULTICLASS'),
    labels: z.array(z.string().trim().min(1).max(64)).min(2, 'A project needs at least two labels'),
    normalLabels: z.array(z.string()).default([]),
    readsPerScan: z.number().int().min(1).max(10).default(2),
    retrainThreshold: z.number().int().min(1).max(100_000).default(50),
    modelKinds: z.array(modelKindSchema).min(1).default(['CNN', 'RESNET', 'RESNET50']),
    blindMode: z.boolean().default(true),
    strategy: strategyNameSchema.default('entropy'),
    resnet50Variant: resnet50VariantSchema.optional(),
    /** Input size of the kinds trained from scratch (cnn, resnet); ResNet50 reads 224 px. */
    imageSize: z.number().int().min(32).max(512).default(128),
  })
  .refine((p) => new Set(p.labels).size === p.labels.length, { message: 'Labels must be unique', path: ['labels'] })
  .refine((p) => p.normalLabels.every((l) => p.labels.includes(l)), {
    message: 'Normal labels must be among the labels',
    path: ['normalLabels'],
  })
  .refine((p) => p.task !== 'BINARY' || p.labels.length === 2, {
    message: 'A binary task has exactly two labels',
    path: ['labels'],
  });
export type CreateProjectInput = z.input<typeof createProjectSchema>;

/** What a lead may change after creation; absent fields stay as they are. */
export const updateProjectSettingsSchema = z
  .object({
    retrainThreshold: z.number().int().min(1).max(100_000).optional(),
    readsPerScan: z.number().int().min(1).max(10).optional(),
    blindMode: z.boolean().optional(),
    strategy: strategyNameSchema.optional(),
    modelKinds: z.array(modelKindSchema).min(1, 'Keep at least one model kind').optional(),
    resnet50Variant: resnet50VariantSchema.optional(),
    consensusThreshold: z.number().min(0.5).max(1).optional(),
    claimTimeoutSeconds: z.number().int().min(30).max(86_400).optional(),
  })
  .strict();
export type ProjectSettingsUpdate = z.infer<typeof updateProjectSettingsSchema>;

const labelNameListSchema = z.array(z.string().trim().min(1).max(64)).max(64);

/** A lead edits the label set: new labels are appended; retired ones stay for old reads. */
export const editProjectLabelsSchema = z
  .object({
    add: labelNameListSchema.default([]),
    retire: labelNameListSchema.default([]),
    restore: labelNameListSchema.default([]),
  })
  .strict()
  .refine((e) => e.add.length + e.retire.length + e.restore.length > 0, {
    message: 'Name at least one label to add, retire or restore',
  });
export type EditProjectLabelsInput = z.input<typeof editProjectLabelsSchema>;

/** Archive (read-only, hidden from lists) or restore a project. */
export const setProjectArchivedSchema = z.object({ archived: z.boolean() }).strict();

export const addMemberSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  role: roleSchema,
});

export const changeMemberRoleSchema = z.object({ role: roleSchema }).strict();
