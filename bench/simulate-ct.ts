/**
 * bench/simulate-ct: "does active learning pay here?" on synthetic head CT.
 * Synthetic head CT slices at difficulty 0.5 with 15% of slices bleeding (real series hold far
 * fewer bleeding slices than normal ones), 2,600 slices: 1,950 in the pool, 650 held out for test.
 * Each round trains the cnn as the trainer's retraining job does (warm start, its default 30
 * epochs with early stopping after 5 without a better validation loss).
 * Every strategy (random, entropy, bald, committee, diverse) x seeds 1-6 runs as its own
 * `neuroloop simulate --part` process, PARALLEL at a time with one WASM thread each (the cnn's
 * training is mostly single-threaded, so parts in parallel use both cores better than one
 * process with two threads), then `neuroloop simulate-merge` summarises them.
 * Writes bench/results/simulate-ct.json and bench/results/simulate-ct/curves.{csv,png}.
 * Run: npx tsx bench/simulate-ct.ts [--parallel 3] [--rounds 10] [--seeds 6]   (about 65 min on 2 cores)
 *
 * With --model resnet50 --variant frozen --image-size 224 the rounds train only a head on the
 * ImageNet backbone's avg_pool features, computed once per scan into a disk cache that every
 * part shares, and the pool is scored from them; results go to
 * bench/results/simulate-ct-resnet50-frozen{.json,/}. The first part computes the 2,600 scans'
 * features (about 6 min on 2 cores) before the others start.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'bin/neuroloop.mjs');
const flag = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const PARALLEL = Number(flag('parallel', '3'));
const ROUNDS = flag('rounds', '10');
const STRATEGIES = ['random', 'entropy', 'bald', 'diverse', 'committee'];
const SEEDS = Array.from({ length: Number(flag('seeds', '6')) }, (_, k) => k + 1);
const MODEL = flag('model', 'cnn');
const VARIANT = flag('variant', '');
const IMAGE_SIZE = flag('image-size', '128');
/** The cnn keeps its original result names; any other model gets its own. */
const tag = MODEL === 'cnn' && !VARIANT ? 'simulate-ct' : `simulate-ct-${[MODEL, VARIANT].filter(Boolean).join('-')}`;
const work = path.join(os.tmpdir(), 'neuroloop-bench-simulate-ct');
const data = path.join(work, 'ct-p15');
const partsDir = path.join(work, tag === 'simulate-ct' ? 'parts' : `parts-${tag}`);
const featureCache = path.join(work, 'features');
/** A frozen backbone's features are computed once, by the first part, before the others start. */
const WARM_UP = MODEL === 'resnet50';

function run(args: string[], log: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(log, 'w');
    const p = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: ['ignore', out, out] });
    p.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`neuroloop ${args[0]} exited with ${code}; see ${log}`)),
    );
  });
}

async function main() {
  fs.mkdirSync(partsDir, { recursive: true });
  if (!fs.existsSync(path.join(data, 'labels.csv'))) {
    console.log(`generating the dataset in ${data}`);
    await run(
      [
        'synth',
        '--kind',
        'ct-hemorrhage',
        '--count',
        '2600',
        '--out',
        data,
        '--seed',
        '7',
        '--difficulty',
        '0.5',
        '--prevalence',
        '0.15',
        '--size',
        '256',
      ],
      path.join(work, 'synth.log'),
    );
  }
  const started = performance.now();
  // Entropy first: it scores the whole pool in its first round, so every scan's features are cached after it.
  const order = WARM_UP ? ['entropy', ...STRATEGIES.filter((s) => s !== 'entropy')] : STRATEGIES;
  const queue = order.flatMap((strategy) => SEEDS.map((seed) => ({ strategy, seed })));
  const first = queue[0];
  let markFirstDone = () => {};
  const firstDone = new Promise<void>((r) => (markFirstDone = r));
  const files: string[] = [];
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      if (WARM_UP && job !== first) await firstDone;
      const json = path.join(partsDir, `${job.strategy}-${job.seed}.json`);
      files.push(json);
      if (fs.existsSync(json)) {
        if (job === first) markFirstDone();
        continue;
      }
      await run(
        [
          'simulate',
          '--part',
          '--data',
          data,
          '--strategies',
          job.strategy,
          '--seed-labels',
          '50',
          '--batch',
          '50',
          '--rounds',
          ROUNDS,
          '--seeds',
          '1',
          '--seed',
          String(job.seed),
          '--split-seed',
          '1',
          '--image-size',
          IMAGE_SIZE,
          '--model',
          MODEL,
          ...(VARIANT ? ['--variant', VARIANT] : []),
          ...(WARM_UP ? ['--feature-cache', featureCache] : []),
          '--threads',
          WARM_UP && job === first ? '2' : '1',
          '--json',
          json,
        ],
        json.replace(/\.json$/, '.log'),
      );
      if (job === first) markFirstDone();
      console.log(
        `${job.strategy} seed ${job.seed} done after ${((performance.now() - started) / 60000).toFixed(1)} min`,
      );
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  const out = path.join(root, 'bench/results', tag);
  await run(
    ['simulate-merge', ...files, '--out', out, '--json', path.join(root, `bench/results/${tag}.json`)],
    path.join(work, 'merge.log'),
  );
  process.stdout.write(fs.readFileSync(path.join(work, 'merge.log'), 'utf8'));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
