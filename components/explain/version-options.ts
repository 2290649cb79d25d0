import { modelName } from '@/lib/models/model-name';

/** A model version the picker offers (READY versions of the project). */
export interface ExplainableVersion {
  id: string;
  /** CNN | RESNET | RESNET50 (the store's names). */
  kind: string;
  version: number;
  active: boolean;
}

const kindOrder = ['CNN', 'RESNET', 'RESNET50'];
const rank = (kind: string) => (kindOrder.includes(kind) ? kindOrder.indexOf(kind) : kindOrder.length);

export const versionLabel = (v: Pick<ExplainableVersion, 'kind' | 'version' | 'active'>): string =>
  `${modelName(v)}${v.active ? ' (active)' : ''}`;

/** One group per model kind (CNN, RESNET, RESNET50 first), newest version first, the active one marked by versionLabel. */
export function groupVersions(
  versions: readonly ExplainableVersion[],
): { kind: string; versions: ExplainableVersion[] }[] {
  const byKind = new Map<string, ExplainableVersion[]>();
  for (const v of versions) byKind.set(v.kind, [...(byKind.get(v.kind) ?? []), v]);
  return [...byKind.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([kind, list]) => ({ kind, versions: [...list].sort((a, b) => b.version - a.version) }));
}

/** The first kind's active version, else the newest version of the first kind; null when there is none. */
export function defaultVersionId(versions: readonly ExplainableVersion[]): string | null {
  const groups = groupVersions(versions);
  for (const g of groups) {
    const active = g.versions.find((v) => v.active);
    if (active) return active.id;
  }
  return groups[0]?.versions[0]?.id ?? null;
}
