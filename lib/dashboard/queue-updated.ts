import type { QueueUpdatedEvent } from '@/lib/events/project-event';

const kindTitles = { CNN: 'CNN', RESNET: 'ResNet', RESNET50: 'ResNet50' } as const;

/** "The review queue was re-ranked by CNN v3 and ResNet v2." */
export function describeReRank(versions: QueueUpdatedEvent['versions']): string {
  if (versions.length === 0) return 'The review queue was re-ranked.';
  const names = versions.map((v) => `${kindTitles[v.kind]} v${v.version}`);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `The review queue was re-ranked by ${list}.`;
}
