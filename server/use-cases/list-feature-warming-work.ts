import type { Db } from '@/server/store/handle';
import { findProjectsTrainingKind } from '@/server/store/projects';
import { findScansForFeatures } from '@/server/store/scans';

/** Projects that train ResNet50 (oldest first): their backbone features can be computed ahead of a job. */
export function listResNet50Projects(db: Db) {
  return findProjectsTrainingKind(db, 'RESNET50');
}

/** A project's scans for feature warming, labelled first. */
export function listScansForFeatures(db: Db, projectId: string) {
  return findScansForFeatures(db, projectId);
}
