import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Backbone features by (weights id, image content key, preprocessing, layer). Frozen layers
 * give the same output for an unchanged scan, so phase 2 and every retraining reuse them.
 */
export interface FeatureCache {
  get(key: string): Promise<Float32Array | undefined>;
  set(key: string, value: Float32Array): Promise<void>;
}

export interface FeatureKeyParts {
  weightsId: string;
  imageKey: string;
  /** e.g. '128|ct-windows|v1': everything that changes the backbone's input. */
  preprocessing: string;
  layer: string;
}

export function featureCacheKey(p: FeatureKeyParts): string {
  return createHash('sha256')
    .update(JSON.stringify([p.weightsId, p.imageKey, p.preprocessing, p.layer]))
    .digest('hex');
}

export function memoryFeatureCache(): FeatureCache {
  const map = new Map<string, Float32Array>();
  return {
    get: async (key) => map.get(key),
    set: async (key, value) => void map.set(key, value),
  };
}

/** One raw float32 file per entry under dir/ab/abcdef...f32, written atomically (rename). */
export function diskFeatureCache(dir: string): FeatureCache {
  const file = (key: string) => path.join(dir, key.slice(0, 2), `${key}.f32`);
  return {
    async get(key) {
      try {
        const b = await fs.readFile(file(key));
        return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
    async set(key, value) {
      const target = file(key);
      await fs.mkdir(path.dirname(target), { recursive: true });
      const tmp = `${target}.${process.pid}.tmp`;
      await fs.writeFile(tmp, Buffer.from(value.buffer, value.byteOffset, value.byteLength));
      await fs.rename(tmp, target);
    },
  };
}
