import { AppError } from '@/lib/errors/app-error';
import { editProjectLabelsSchema, type EditProjectLabelsInput } from '@/lib/schemas/project';
import { inTransaction, type Db } from '@/server/store/handle';
import { findProjectLabels, setProjectLabels } from '@/server/store/projects';
import { recordAuditEvent } from './record-audit-event';

/**
 * A lead edits a project's labels. Added labels go to the end, so that stored probabilities
 * and confusion matrices keep their order. A retired label stays in the set: old reads keep it
 * and show it, but no new read may choose it (the annotation trigger of
 * prisma/migrations/20261206300100_project_labels_archive refuses one). Audited.
 */
export async function editProjectLabels(
  db: Db,
  args: { projectId: string; actorId: string; input: EditProjectLabelsInput },
) {
  const input = editProjectLabelsSchema.parse(args.input);
  return inTransaction(db, async (tx) => {
    const before = await findProjectLabels(tx, args.projectId);
    const labels = [...before.labels];
    const retired = new Set(before.retiredLabels);
    const fresh = input.add.filter((l) => !labels.includes(l));
    if (new Set(fresh).size !== fresh.length) throw bad('A label to add appears twice.');
    const clash = input.add.filter((l) => labels.includes(l));
    if (clash.length) {
      throw bad(`Already in the label set: ${clash.join(', ')}. Restore a retired label instead of adding it again.`);
    }
    if (before.task === 'BINARY' && fresh.length)
      throw bad('A binary project has exactly two labels; none can be added.');
    labels.push(...fresh);
    for (const l of [...input.retire, ...input.restore]) {
      if (!labels.includes(l)) throw bad(`Unknown label "${l}". This project uses ${labels.join(', ')}.`);
    }
    const both = input.retire.filter((l) => input.restore.includes(l));
    if (both.length) throw bad(`Retire or restore, not both: ${both.join(', ')}.`);
    for (const l of input.retire) retired.add(l);
    for (const l of input.restore) retired.delete(l);
    if (labels.length - retired.size < 2) throw bad('Keep at least two labels that readers can choose.');
    const retiredLabels = labels.filter((l) => retired.has(l));
    const after = await setProjectLabels(tx, args.projectId, labels, retiredLabels);
    const changed = {
      added: fresh,
      retired: retiredLabels.filter((l) => !before.retiredLabels.includes(l)),
      restored: before.retiredLabels.filter((l) => !retired.has(l)),
    };
    if (changed.added.length + changed.retired.length + changed.restored.length > 0) {
      await recordAuditEvent(tx, {
        actorId: args.actorId,
        projectId: args.projectId,
        action: 'project.labels_changed',
        details: { ...changed, from: before, to: after },
      });
    }
    return after;
  });
}

const bad = (message: string) => new AppError({ code: 'BAD_REQUEST', message });
