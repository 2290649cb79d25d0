import fs from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

/**
 * tfjs LayersModel files on disk without tfjs-node's file:// handler (it needs libtensorflow):
 * model.json plus its weight shards, read and written with node:fs.
 */
export async function readModelJson(modelJsonPath: string): Promise<tf.io.ModelJSON> {
  return JSON.parse(await fs.readFile(modelJsonPath, 'utf8')) as tf.io.ModelJSON;
}

async function readShards(
  dir: string,
  manifest: tf.io.WeightsManifestConfig,
): Promise<[tf.io.WeightsManifestEntry[], ArrayBuffer[]]> {
  const paths = manifest.flatMap((group) => group.paths.map((p) => path.join(dir, p)));
  const buffers = await Promise.all(
    paths.map(async (p) => {
      const b = await fs.readFile(p);
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    }),
  );
  return [tf.io.getWeightSpecs(manifest), buffers];
}

export async function readModelArtifacts(modelJsonPath: string): Promise<tf.io.ModelArtifacts> {
  const json = await readModelJson(modelJsonPath);
  return tf.io.getModelArtifactsForJSON(json, (manifest) => readShards(path.dirname(modelJsonPath), manifest));
}

/** Load handler for tf.loadLayersModel. */
export function fileLoadHandler(modelJsonPath: string): tf.io.IOHandler {
  return { load: () => readModelArtifacts(modelJsonPath) };
}

/** Weights of a tfjs model by name ('res5a_branch2a/kernel'), without building its topology. */
export async function readWeightMap(modelJsonPath: string): Promise<tf.NamedTensorMap> {
  const json = await readModelJson(modelJsonPath);
  const [specs, buffers] = await readShards(path.dirname(modelJsonPath), json.weightsManifest);
  return tf.io.decodeWeights(buffers, specs);
}

/** Save handler writing model.json and one weights.bin into `dir`. */
export function fileSaveHandler(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      await fs.mkdir(dir, { recursive: true });
      const weights = tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? []);
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      await fs.writeFile(path.join(dir, 'weights.bin'), Buffer.from(weights));
      await fs.writeFile(path.join(dir, 'model.json'), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}
