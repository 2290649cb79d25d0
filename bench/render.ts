/**
 * The viewer's render of one 512x512 CT slice through a window LUT (every drag of window/level
 * re-renders it). Target: under 5 ms at the median, so a drag keeps up with the pointer.
 * Run: npx tsx bench/render.ts [--runs 25]   Writes bench/results/render.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWindowLut, lutDomain, renderToRgba } from '@/lib/imaging/render';
import { createRng } from '@/lib/random';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 25;
const TARGET_MS = 5;

const rng = createRng(7);
const pixels = Float32Array.from({ length: 512 * 512 }, () => rng.int(4096) - 1024);
const domain = lutDomain(pixels);
const out = new Uint32Array(pixels.length);
const times: number[] = [];
for (let run = 0; run < runs; run++) {
  const lut = buildWindowLut(
    domain.min,
    domain.max,
    { width: 80 + run, center: 40 },
    run % 2 === 1,
    domain.stepsPerUnit,
  );
  const t0 = performance.now();
  renderToRgba(pixels, domain.min, lut, out, domain.stepsPerUnit);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const medianMs = Number(times[Math.floor(times.length / 2)].toFixed(3));
const result = {
  bench: 'render',
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  loadAverage1m: Number(loadavg()[0].toFixed(2)),
  setup: `512x512 float CT slice (HU), window LUT rebuilt per run, ${runs} runs`,
  medianMs,
  minMs: Number(times[0].toFixed(3)),
  maxMs: Number(times[times.length - 1].toFixed(3)),
  targetMs: TARGET_MS,
  met: medianMs < TARGET_MS,
};
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'render.json'), JSON.stringify(result, null, 2) + '\n');
console.log(`render 512x512: median ${medianMs} ms (target < ${TARGET_MS} ms: ${result.met ? 'met' : 'not met'})`);
