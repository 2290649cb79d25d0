import * as tf from '@tensorflow/tfjs';
import { AppError } from '@/lib/errors/app-error';
import type { DecodedImage } from '@/lib/imaging/types';
import { softmax } from '@/lib/metrics/calibration';
import { inputShape, prepareImage } from '@/trainer/data/prepare';
import { resizeWithPadding } from '@/trainer/data/resize';
import type { Classifier } from '@/trainer/evaluate';
import { replayGraph } from './graph-replay';
import { argMax, camToImage, heatmapSize, normaliseToUnit, type CamGrid } from './heatmap-geometry';
import { resolveGradCamFineLayer, resolveGradCamLayer } from './target-layers';

export interface GradCamOptions {
  /** The layer whose activations are explained (a 4-D feature map). */
  layerName: string;
  /** The class to explain; default the predicted one (largest logit). */
  classIndex?: number;
}

export interface GradCamResult {
  /** ReLU(sum_k alpha_k A_k) over the layer's grid, not normalised. */
  cam: CamGrid;
  classIndex: number;
  logits: number[];
}

/**
 * Grad-CAM (Selvaraju et al. 2017) of one prepared input [1, size, size, channels]: the
 * gradient of the class logit with respect to the layer's activations A, averaged over
 * space per channel (alpha_k), then ReLU of the alpha-weighted sum of A's channels.
 * Inference mode throughout; every tensor is freed before it returns.
 */
export function gradCam(model: tf.LayersModel, input: tf.Tensor4D, opts: GradCamOptions): GradCamResult {
  if (input.shape[0] !== 1)
    throw new AppError({
      code: 'INTERNAL',
      message: `Grad-CAM explains one image at a time, got a batch of ${input.shape[0]}`,
    });
  const layerOut = model.getLayer(opts.layerName).output;
  if (Array.isArray(layerOut) || layerOut.rank !== 4) {
    throw new AppError({
      code: 'UNSUPPORTED',
      message: `layer ${opts.layerName} does not output one batch of feature maps`,
    });
  }
  const output = model.outputs[0];
  return tf.tidy(() => {
    const graph = replayGraph(model, [input]);
    const activations = graph.value(layerOut) as tf.Tensor4D;
    const logits = Array.from(graph.value(output).dataSync());
    const classIndex = opts.classIndex ?? argMax(logits);
    if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= logits.length) {
      throw new AppError({
        code: 'BAD_REQUEST',
        message: `class ${classIndex} is not one of the model's ${logits.length} classes`,
      });
    }
    const classLogit = (a: tf.Tensor) => graph.withValue(layerOut, a, output).slice([0, classIndex], [1, 1]).sum();
    const grads = tf.grad(classLogit)(activations);
    const [, height, width, channels] = activations.shape;
    const alpha = grads.mean([1, 2]).reshape([1, 1, 1, channels]);
    const cam = tf.relu(activations.mul(alpha).sum(-1));
    return { cam: { values: cam.dataSync() as Float32Array, width, height }, classIndex, logits };
  });
}

export interface ExplainImageOptions {
  classIndex?: number;
  /** Longer side of the returned heatmap, in pixels (its aspect is the image's). */
  maxSide?: number;
}

export interface ImageExplanation {
  /** In [0, 1], row-major, laid over the whole image (the padding of preprocessing removed). */
  heatmap: Float32Array;
  width: number;
  height: number;
  classIndex: number;
  /** softmax(logits / T) with the card's temperature. */
  probabilities: number[];
  /** The layer explained, or "last*finer" when the maps of two layers were multiplied. */
  layerName: string;
}

/**
 * Grad-CAM of one decoded scan with a trained classifier, preprocessed exactly as in training
 * (from its card), mapped back onto the scan's own pixel grid and normalised to [0, 1]. For a
 * network trained from scratch, the last stage's map is multiplied by the map of the stage before
 * it, for the same class (target-layers.ts, gradCamFineLayerName): the product is high only where
 * both point.
 */
export function explainImage(
  classifier: Classifier,
  image: DecodedImage,
  opts: ExplainImageOptions = {},
): ImageExplanation {
  const { card, model } = classifier;
  const spec = { imageSize: card.preprocessing.imageSize, inputMode: card.preprocessing.inputMode };
  const layerName = resolveGradCamLayer(model, card.config, card.head.embeddingLayer);
  const fineLayer = resolveGradCamFineLayer(model, card.config);
  const x = tf.tensor4d(prepareImage(image, spec), [1, ...inputShape(spec)]);
  let result: GradCamResult;
  let fine: GradCamResult | null = null;
  try {
    result = gradCam(model, x, { layerName, classIndex: opts.classIndex });
    // The class the main map explains, so that both maps are of one class.
    if (fineLayer) fine = gradCam(model, x, { layerName: fineLayer, classIndex: result.classIndex });
  } finally {
    x.dispose();
  }
  const { placement } = resizeWithPadding(image.pixels, image.width, image.height, spec.imageSize);
  const size = heatmapSize(image.width, image.height, opts.maxSide ?? 256);
  const onImage = (r: GradCamResult) => normaliseToUnit(camToImage(r.cam, spec.imageSize, placement, size));
  let heatmap = onImage(result);
  let explained = layerName;
  if (fine) {
    const finer = onImage(fine);
    const product = normaliseToUnit(heatmap.map((v, i) => v * finer[i]));
    // Maps that share no pixel would multiply to nothing: the last stage's map alone is the answer then.
    if (product.some((v) => v > 0)) [heatmap, explained] = [product, `${layerName}*${fineLayer}`];
  }
  return {
    heatmap,
    ...size,
    classIndex: result.classIndex,
    probabilities: softmax(result.logits, card.temperature),
    layerName: explained,
  };
}
