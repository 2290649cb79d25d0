import * as tf from '@tensorflow/tfjs';
import { AppError } from '@/lib/errors/app-error';

interface H5Group {
  attrs: Record<string, { value: unknown }>;
  get(name: string): unknown;
}

const asStrings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/**
 * Weights of a Keras .h5 file (full model or weights-only) by layer/weight name, e.g.
 * 'res5a_branch2a/kernel'. Keras stores layer_names on the weights group and weight_names
 * ('res5a_branch2a/kernel:0') on each layer group.
 */
export async function readH5WeightMap(filePath: string): Promise<tf.NamedTensorMap> {
  const h5wasm = (await import('h5wasm/node')).default;
  await h5wasm.ready;
  const file = new h5wasm.File(filePath, 'r');
  try {
    const root = (file.keys().includes('model_weights') ? file.get('model_weights') : file) as H5Group;
    const layerNames = asStrings(root.attrs['layer_names']?.value);
    if (layerNames.length === 0)
      throw new AppError({ code: 'UNSUPPORTED', message: `${filePath} is not a Keras weights file (no layer_names)` });
    const out: tf.NamedTensorMap = {};
    for (const layer of layerNames) {
      const group = root.get(layer) as H5Group;
      for (const weightName of asStrings(group.attrs['weight_names']?.value)) {
        const ds = group.get(weightName) as { value: Float32Array | Float64Array; shape: number[] };
        const short = weightName.replace(/:\d+$/, '').split('/').pop()!;
        out[`${layer}/${short}`] = tf.tensor(Float32Array.from(ds.value), ds.shape, 'float32');
      }
    }
    return out;
  } finally {
    file.close();
  }
}
