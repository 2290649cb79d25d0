import type { QueueUpdatedEvent } from '@/lib/events/project-event';

const kindTitles = { CNN: 'CNN', RESNET: 'ResNet', RESNET50: 'ResNet50' } as const;

const listed = (names: string[]) =>
  names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

/**
 * "The review queue was re-ranked by CNN v3 and ResNet v2."; for a first ranking while other
 * kinds still train, "... by ResNet50 v1; CNN and ResNet are still training, and will re-rank it."
 */
export function describeReRank(
  versions: QueueUpdatedEvent['versions'],
  pending: QueueUpdatedEvent['pending'] = [],
): string {
  const by = versions.length === 0 ? '' : ` by ${listed(versions.map((v) => `${kindTitles[v.kind]} v${v.version}`))}`;
  if (pending.length === 0) return `The review queue was re-ranked${by}.`;
  const still = listed(pending.map((k) => kindTitles[k]));
  return `The review queue was re-ranked${by}; ${still} ${pending.length === 1 ? 'is' : 'are'} still training, and will re-rank it.`;
}
