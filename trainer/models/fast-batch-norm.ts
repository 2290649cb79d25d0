import * as tf from '@tensorflow/tfjs';
import { batchNormTrainGradKernel, batchNormTrainKernel, hasBatchNormKernels } from '@/trainer/backend/wasm-batch-norm';

type BatchNormArgs = Parameters<typeof tf.layers.batchNormalization>[0];
type Kwargs = Record<string, unknown>;

/** The private state of tfjs-layers' BatchNormalization that training needs (TS-private, plain JS fields). */
interface BatchNormState {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: { read(): tf.Tensor };
  beta: { read(): tf.Tensor };
  movingMean: { read(): tf.Tensor; write(v: tf.Tensor): void };
  movingVariance: { read(): tf.Tensor; write(v: tf.Tensor): void };
}

/**
 * Batch statistics normalisation with the closed-form gradient
 *   dx = gamma * rstd * (dy - mean(dy) - xhat * mean(dy * xhat)).
 * tfjs differentiates through moments() and FusedBatchNorm op by op (materialising
 * full-size ones for each Mean gradient): several times the memory passes.
 */
function normaliseInTraining(
  x: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  epsilon: number,
): { y: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor } {
  const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
  let stats: { mean: tf.Tensor; variance: tf.Tensor } | undefined;
  const op = tf.customGrad((xIn, g, b, save) => {
    const { mean, variance } = tf.moments(xIn as tf.Tensor, axes);
    const rstd = tf.rsqrt(tf.add(variance, epsilon));
    const xhat = tf.mul(tf.sub(xIn as tf.Tensor, mean), rstd);
    (save as tf.GradSaveFunc)([xhat, tf.mul(g as tf.Tensor, rstd)]);
    stats = { mean: tf.keep(mean), variance: tf.keep(variance) };
    return {
      value: tf.add(tf.mul(xhat, g as tf.Tensor), b as tf.Tensor),
      gradFunc: (dy, saved) => {
        const [xh, gammaRstd] = saved;
        const dyT = dy as tf.Tensor;
        const dBeta = tf.sum(dyT, axes);
        const dGamma = tf.sum(tf.mul(dyT, xh), axes);
        const m = xh.size / dBeta.size;
        const dx = tf.mul(tf.sub(tf.sub(dyT, tf.div(dBeta, m)), tf.mul(xh, tf.div(dGamma, m))), gammaRstd);
        return [dx, dGamma, dBeta];
      },
    };
  });
  const y = op(x, gamma, beta);
  return { y, ...stats! };
}

/** The same on the backend's in-place kernels (trainer/backend/wasm-batch-norm.ts): two passes each way. */
function normaliseInTrainingInPlace(
  x: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  epsilon: number,
): { y: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor } {
  const attrs = { epsilon } as unknown as tf.NamedAttrMap;
  let stats: { mean: tf.Tensor; variance: tf.Tensor } | undefined;
  const op = tf.customGrad((xIn, g, b, save) => {
    const [y, mean, variance] = tf
      .engine()
      .runKernel(
        batchNormTrainKernel,
        { x: xIn as tf.Tensor, gamma: g as tf.Tensor, beta: b as tf.Tensor },
        attrs,
      ) as tf.Tensor[];
    (save as tf.GradSaveFunc)([xIn as tf.Tensor, mean, variance, g as tf.Tensor]);
    stats = { mean: tf.keep(mean), variance: tf.keep(variance) };
    return {
      value: y,
      gradFunc: (dy, saved) => {
        const [xs, m, v, gs] = saved;
        return tf
          .engine()
          .runKernel(batchNormTrainGradKernel, { dy, x: xs, mean: m, variance: v, gamma: gs }, attrs) as tf.Tensor[];
      },
    };
  });
  const y = op(x, gamma, beta);
  return { y, ...stats! };
}

const BatchNormalizationBase = Object.getPrototypeOf(tf.layers.batchNormalization({})).constructor as new (
  args?: BatchNormArgs,
) => tf.layers.Layer;

/**
 * Keras BatchNormalization with a fast training path (last-axis, centre and scale, the
 * only form our builders use); anything else and inference defer to tfjs-layers. It
 * serialises as the standard layer, so saved models load without it.
 */
export class FastBatchNormalization extends BatchNormalizationBase {
  static className = 'BatchNormalization';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const s = this as unknown as BatchNormState;
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const lastAxis = s.axis === -1 || s.axis === x.rank - 1;
    if (!kwargs['training'] || !lastAxis || !s.center || !s.scale) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const normalise = hasBatchNormKernels() ? normaliseInTrainingInPlace : normaliseInTraining;
      const { y, mean, variance } = normalise(x, s.gamma.read(), s.beta.read(), s.epsilon);
      for (const [v, value] of [
        [s.movingMean, mean],
        [s.movingVariance, variance],
      ] as const) {
        const orig = v.read();
        v.write(tf.sub(orig, tf.mul(tf.sub(orig, value), 1 - s.momentum)));
      }
      tf.dispose([mean, variance]);
      return y;
    });
  }
}

export function batchNormalization(args: BatchNormArgs): tf.layers.Layer {
  return new FastBatchNormalization(args);
}
