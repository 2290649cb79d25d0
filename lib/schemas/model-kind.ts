import { z } from 'zod';

/** The model kinds a project trains (Prisma's ModelKind enum). */
export const modelKindSchema = z.enum(['CNN', 'RESNET', 'RESNET50']);
export type ModelKind = z.infer<typeof modelKindSchema>;
