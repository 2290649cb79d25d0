#!/usr/bin/env node
// Writes random ResNet50 weights beside a model.json whose shards are missing (the GPU pack
// carries the topology, not the 100 MB of ImageNet weights): kernels He-normal with a fixed
// seed, batch norm as the identity (gamma and moving variance 1, beta and moving mean 0),
// biases 0. Speed does not depend on the weights; the features stay finite through the 50 layers.
//   node bench/gpu-random-resnet50.mjs PATH/TO/ResNet50/model.json
import { readFileSync, writeFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import path from 'node:path';

const modelJson = process.argv[2];
if (!modelJson) {
  console.error('usage: node bench/gpu-random-resnet50.mjs PATH/TO/model.json');
  process.exit(2);
}
const { weightsManifest } = JSON.parse(readFileSync(modelJson, 'utf8'));
let state = 0x5eed;
/** Mulberry32: seeded, so two packs' weights are the same. */
const uniform = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
const SHARD = 4 * 2 ** 20;
for (const group of weightsManifest) {
  const arrays = group.weights.map(({ name, shape, dtype }) => {
    if (dtype !== 'float32') throw new Error(`${name}: ${dtype}, expected float32`);
    const n = shape.reduce((a, d) => a * d, 1);
    const values = new Float32Array(n);
    const role = name.split('/').at(-1);
    if (role === 'gamma' || role === 'moving_variance') values.fill(1);
    else if (role === 'kernel') {
      const scale = Math.sqrt(2 / (n / shape.at(-1)));
      for (let i = 0; i < n; i++) values[i] = normal() * scale;
    }
    return values;
  });
  const bytes = Buffer.concat(arrays.map((a) => Buffer.from(a.buffer)));
  if (Math.ceil(bytes.length / SHARD) !== group.paths.length)
    throw new Error(`${bytes.length} bytes do not fill the manifest's ${group.paths.length} shards of 4 MiB`);
  group.paths.forEach((p, i) =>
    writeFileSync(path.join(path.dirname(modelJson), p), bytes.subarray(i * SHARD, (i + 1) * SHARD)),
  );
}
console.log(`random ResNet50 weights written beside ${modelJson}`);
