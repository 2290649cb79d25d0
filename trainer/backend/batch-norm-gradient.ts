import * as tf from '@tensorflow/tfjs';

/**
 * tfjs-core's FusedBatchNorm gradient broadcasts 1/sqrt(var + eps) with tf.tile to the full
 * activation shape; the wasm Tile kernel is an element-by-element loop, and that one call was
 * a third of a training step. Same math as tfjs-core's, with broadcasting instead of tile.
 */
export const fusedBatchNormGradConfig: tf.GradConfig = {
  kernelName: 'FusedBatchNorm',
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy, saved, attrs) => {
    const dyT = dy as tf.Tensor;
    const { varianceEpsilon } = attrs as unknown as { varianceEpsilon: number };
    const [x, mean, variance, scale] = saved;
    const scaleValue = scale ?? tf.scalar(1);
    const axes = tf.backend_util.getReductionAxes(mean.shape, x.shape);
    const reduce = (t: tf.Tensor) => tf.reshape(mean.rank === 1 ? tf.sum(t, axes) : t, mean.shape);
    const xMinusMean = tf.sub(x, mean);
    const dyTimesScale = tf.mul(dyT, scaleValue);
    const rstd = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
    const minusHalfRCube = tf.mul(tf.mul(tf.mul(rstd, rstd), rstd), tf.scalar(-0.5));
    return {
      x: () => tf.reshape(tf.mul(dyTimesScale, rstd), x.shape),
      mean: () => reduce(tf.mul(tf.neg(rstd), dyTimesScale)),
      variance: () => reduce(tf.mul(tf.mul(minusHalfRCube, xMinusMean), dyTimesScale)),
      scale: () => reduce(tf.mul(dyT, tf.mul(xMinusMean, rstd))),
      offset: () => reduce(dyT),
    };
  },
};

export function registerFastBatchNormGradient(): void {
  tf.registerGradient(fusedBatchNormGradConfig);
}
