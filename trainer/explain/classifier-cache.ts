import { loadArtifact } from '@/trainer/artifacts';
import type { Classifier } from '@/trainer/evaluate';

/**
 * The last few loaded model versions: a reader steps through scans under one version, and
 * loading an artifact (100 MB for resnet50) costs more than explaining a scan. The least
 * recently used is disposed when a new one needs the room.
 */
export interface ClassifierCache {
  get(versionId: string, artifactDir: string): Promise<Classifier>;
  clear(): Promise<void>;
}

export function classifierCache(limit = 2): ClassifierCache {
  const loaded = new Map<string, Promise<Classifier>>();
  const dispose = (p: Promise<Classifier>) =>
    p.then(
      (c) => c.model.dispose(),
      () => {},
    );
  return {
    get(versionId, artifactDir) {
      let hit = loaded.get(versionId);
      if (hit) loaded.delete(versionId);
      else {
        hit = loadArtifact(artifactDir);
        hit.catch(() => loaded.delete(versionId));
      }
      loaded.set(versionId, hit);
      while (loaded.size > limit) {
        const [oldest, p] = loaded.entries().next().value as [string, Promise<Classifier>];
        loaded.delete(oldest);
        void dispose(p);
      }
      return hit;
    },
    async clear() {
      const all = [...loaded.values()];
      loaded.clear();
      await Promise.all(all.map(dispose));
    },
  };
}
