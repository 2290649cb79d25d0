import type { DecodedImage } from '@/lib/imaging/types';
import { buildClassificationReport } from '@/lib/metrics/report';
import type { Classifier } from '@/trainer/evaluate';
import { predictProbabilities } from '@/trainer/predict';
import type { FoldOutcome } from './summarise';

/** The image mirrored left to right (a brain is close to symmetric: the test-time flip). */
export function mirrorImage(image: DecodedImage): DecodedImage {
  const { width, height, pixels } = image;
  const out = new Float32Array(pixels.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) out[row + x] = pixels[row + width - 1 - x];
  }
  return { ...image, pixels: out };
}

/**
 * A member's calibrated probabilities for the test scans: the mean of its answer for each scan
 * and for the scan's mirror.
 */
export function probabilitiesWithMirror(classifier: Classifier, images: readonly DecodedImage[]): number[][] {
  const plain = predictProbabilities(classifier, images).probabilities;
  const mirrored = predictProbabilities(classifier, images.map(mirrorImage)).probabilities;
  return plain.map((p, i) => p.map((v, c) => (v + mirrored[i][c]) / 2));
}

/**
 * The ensemble's result on one fold: the mean of its members' probabilities, reported like a
 * model's (log-probabilities as its logits, so that its temperature is 1 and its ECE is that of
 * the mean). Its time is what it costs: every member's training plus the scoring of both views.
 */
export function ensembleOutcome(o: {
  members: readonly number[][][];
  labels: readonly string[];
  normalLabels: readonly string[];
  yTrue: readonly number[];
  seconds: number;
}): FoldOutcome {
  const [first] = o.members;
  const mean = first.map((row, i) =>
    row.map((_, c) => o.members.reduce((sum, m) => sum + m[i][c], 0) / o.members.length),
  );
  return {
    report: buildClassificationReport({
      labels: o.labels,
      normalLabels: o.normalLabels,
      yTrue: o.yTrue,
      logits: mean.map((p) => p.map((v) => Math.log(Math.max(v, 1e-12)))),
      temperature: 1,
    }),
    trainSeconds: o.seconds,
    trainImagesPerSecond: NaN,
    epochs: NaN,
  };
}
