import { updateProjectSettingsSchema, type ProjectSettingsUpdate } from '@/lib/schemas/project';
import { inTransaction, type Db } from '@/server/store/handle';
import { findProjectSettings, setProjectSettings } from '@/server/store/projects';
import { recordAuditEvent } from './record-audit-event';

/**
 * A lead changes a project's settings. The audit trail keeps each changed field's old and
 * new value. Labels in flight stay safe: a label planned under the old reads-per-scan or
 * blind mode is refused by its write and planned again (appendAnnotationRow), and the
 * retrain threshold applies from the next label.
 */
export async function updateProjectSettings(
  db: Db,
  args: { projectId: string; actorId: string; input: ProjectSettingsUpdate },
) {
  // Every caller (route, CLI, tests) gets the registries' own checks: strategy, model kinds, variant.
  const input = updateProjectSettingsSchema.parse(args.input);
  return inTransaction(db, async (tx) => {
    const before = await findProjectSettings(tx, args.projectId);
    const after = await setProjectSettings(tx, args.projectId, input);
    const changed = Object.fromEntries(
      (Object.keys(input) as (keyof typeof before)[])
        .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
        .map((k) => [k, { from: before[k], to: after[k] }]),
    );
    if (Object.keys(changed).length > 0) {
      await recordAuditEvent(tx, {
        actorId: args.actorId,
        projectId: args.projectId,
        action: 'project.settings_changed',
        details: changed,
      });
    }
    return after;
  });
}
