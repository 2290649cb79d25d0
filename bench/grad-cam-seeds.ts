/**
 * Grad-CAM localisation over training seeds: the unit test's setup (tests/unit/explain/
 * lesion-setup.ts) trained with each seed, cnn and resnet, and the share of held-out positive
 * slices whose Grad-CAM peaks inside the lesion. One seed's figure swings by several points;
 * the mean over seeds is what to compare.
 * Writes bench/results/grad-cam-seeds.json. Run: npx tsx bench/grad-cam-seeds.ts [--seeds 5,6,7,8,9]
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { lesionFamilies, lesionSets, scoreLesionLocalisation } from '@/tests/unit/explain/lesion-setup';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '5,6,7,8,9' } } });
const seeds = values.seeds.split(',').map(Number);
const backend = await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: createLogger('silent') });
const sets = lesionSets();
const started = Date.now();
const families = [];
for (const family of lesionFamilies) {
  const runs = [];
  for (const seed of seeds) {
    const s = await scoreLesionLocalisation(family, seed, sets, backend);
    runs.push({ seed, ...s, hitRate: s.hits / s.positives });
    console.log(
      `${family.kind} seed ${seed}: ${s.hits}/${s.positives} = ${(s.hits / s.positives).toFixed(3)} in the lesion (chance ${s.chance.toFixed(3)}), test accuracy ${s.testAccuracy.toFixed(3)}`,
    );
  }
  const hits = runs.reduce((a, r) => a + r.hits, 0);
  const positives = runs.reduce((a, r) => a + r.positives, 0);
  console.log(`${family.kind}: ${hits}/${positives} = ${(hits / positives).toFixed(3)} over seeds ${seeds.join(', ')}`);
  families.push({ kind: family.kind, hitRate: hits / positives, runs });
}
const result = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
  backend: { name: backend.name, threads: backend.threads },
  seeds,
  seconds: (Date.now() - started) / 1000,
  families,
};
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/grad-cam-seeds.json', JSON.stringify(result, null, 2));
