import type { ModelKind as StoreKind } from '@/lib/schemas/project';
import type { ModelKind as FamilyKind } from '@/lib/models/configs';

/** The store names model kinds in capitals (Prisma enum); the model families in lower case. */
export const toFamilyKind = (k: StoreKind): FamilyKind => k.toLowerCase() as FamilyKind;
export const toStoreKind = (k: FamilyKind): StoreKind => k.toUpperCase() as StoreKind;
