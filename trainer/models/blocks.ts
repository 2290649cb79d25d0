import * as tf from '@tensorflow/tfjs';
import { headLayerNames } from '@/lib/models/configs';
import { batchNormalization } from './fast-batch-norm';

type T = tf.SymbolicTensor;

/**
 * Keras-style auto names ('activation', 'activation_1', ...) made explicit, so a model built
 * here has the layer names of the Keras original and pretrained weights load by name.
 */
export class LayerNamer {
  private readonly counts = new Map<string, number>();
  /**
   * pretrained: every weight is assigned after building (a frozen, folded backbone), so
   * kernels start as zeros instead of drawing ResNet50's 23 million random values (about 2 s).
   */
  constructor(
    start: Record<string, number> = {},
    private seed = 1,
    private readonly pretrained = false,
  ) {
    for (const [k, v] of Object.entries(start)) this.counts.set(k, v);
  }
  next(base: string): string {
    const n = this.counts.get(base) ?? 0;
    this.counts.set(base, n + 1);
    return n === 0 ? base : `${base}_${n}`;
  }
  /** A fresh initializer seed per layer: the same model seed gives the same initial weights. */
  nextSeed(): number {
    return this.seed++;
  }
  /** A conv kernel's initializer: seeded He normal, or zeros when the weights are assigned after. */
  convInitializer(): ReturnType<typeof tf.initializers.zeros> {
    return this.pretrained ? tf.initializers.zeros() : tf.initializers.heNormal({ seed: this.nextSeed() });
  }
}

export interface ConvBnOptions {
  filters: number;
  kernel: number;
  strides?: number;
  padding?: 'same' | 'valid';
  name: string;
  bnName: string;
  useBias?: boolean;
  bnMomentum?: number;
  bnEpsilon?: number;
  /**
   * Conv with its own ReLU, then BN (for stems). tfjs takes the fused conv path for linear
   * convs under training, and its gradient always computes the input gradient, even of the
   * image batch: for a strided stem that unused gradient was the costliest op of a step.
   * A conv with an activation takes the unfused path, whose input gradient is skipped.
   */
  reluBeforeBn?: boolean;
}

function conv(x: T, o: ConvBnOptions, namer: LayerNamer, activation: 'relu' | 'linear', useBias: boolean): T {
  return tf.layers
    .conv2d({
      filters: o.filters,
      kernelSize: o.kernel,
      strides: o.strides ?? 1,
      padding: o.padding ?? 'same',
      useBias,
      activation,
      kernelInitializer: namer.convInitializer(),
      name: o.name,
    })
    .apply(x) as T;
}

/** Conv2D then BatchNormalization (no activation). */
export function convBn(x: T, o: ConvBnOptions, namer: LayerNamer): T {
  const y = conv(x, o, namer, o.reluBeforeBn ? 'relu' : 'linear', o.useBias ?? false);
  const bn = batchNormalization({
    axis: 3,
    momentum: o.bnMomentum ?? 0.9,
    epsilon: o.bnEpsilon ?? 1e-3,
    name: o.bnName,
  });
  return bn.apply(y) as T;
}

/**
 * convBn (+ ReLU), or with `fold` a single conv carrying bias and ReLU: the inference form of a
 * frozen conv-BN pair once foldBatchNorm has merged the BN into the conv's weights. The skipped
 * ReLU layer still takes its name, so later layers keep their Keras names (activation_39).
 */
export function convUnit(x: T, o: ConvBnOptions, withRelu: boolean, fold: boolean, namer: LayerNamer): T {
  if (!fold) {
    const y = convBn(x, o, namer);
    return withRelu ? relu(y, namer) : y;
  }
  const y = conv(x, o, namer, withRelu ? 'relu' : 'linear', true);
  if (withRelu) namer.next('activation');
  return y;
}

export function relu(x: T, namer: LayerNamer, name?: string): T {
  return tf.layers.activation({ activation: 'relu', name: name ?? namer.next('activation') }).apply(x) as T;
}

export function add(a: T, b: T, namer: LayerNamer): T {
  return tf.layers.add({ name: namer.next('add') }).apply([a, b]) as T;
}

/** GlobalAveragePooling ('avg_pool', the embedding) then dropout and the logits layer every family shares. */
export function classifierHead(x: T, o: { classCount: number; dropout: number }, namer: LayerNamer): T {
  const pooled =
    x.shape.length === 4 ? (tf.layers.globalAveragePooling2d({ name: headLayerNames.embedding }).apply(x) as T) : x;
  const dropped = tf.layers.dropout({ rate: o.dropout, name: headLayerNames.dropout }).apply(pooled) as T;
  return tf.layers
    .dense({
      units: o.classCount,
      kernelInitializer: tf.initializers.glorotUniform({ seed: namer.nextSeed() }),
      name: headLayerNames.logits,
    })
    .apply(dropped) as T;
}

/** Residual block names in Keras ResNet style: res{stage}{a,b,c..}_branch{1,2a,2b,2c}. */
export const blockName = (stage: number, block: number) => `${stage}${String.fromCharCode(97 + block)}`;

/** Basic block (two 3x3 convs, ResNet-18/34); a 1x1 projection shortcut when the shape changes. */
export function basicBlock(
  x: T,
  o: { stage: number; block: number; filters: number; strides: number },
  namer: LayerNamer,
): T {
  const id = blockName(o.stage, o.block);
  const inFilters = x.shape[3];
  let y = convBn(
    x,
    { filters: o.filters, kernel: 3, strides: o.strides, name: `res${id}_branch2a`, bnName: `bn${id}_branch2a` },
    namer,
  );
  y = relu(y, namer);
  y = convBn(y, { filters: o.filters, kernel: 3, name: `res${id}_branch2b`, bnName: `bn${id}_branch2b` }, namer);
  const shortcut =
    o.strides !== 1 || inFilters !== o.filters
      ? convBn(
          x,
          { filters: o.filters, kernel: 1, strides: o.strides, name: `res${id}_branch1`, bnName: `bn${id}_branch1` },
          namer,
        )
      : x;
  return relu(add(y, shortcut, namer), namer);
}

/**
 * Bottleneck block of Keras' ResNet50 (v1: the stride sits on the first 1x1 conv), with its
 * layer names, biases, BN momentum 0.99 and epsilon 1e-3 as in the ImageNet weights.
 */
export function bottleneckBlock(
  x: T,
  o: {
    stage: number;
    block: number;
    filters: [number, number, number];
    strides: number;
    projection: boolean;
    fold?: boolean;
  },
  namer: LayerNamer,
): T {
  const id = blockName(o.stage, o.block);
  const k = { useBias: true, bnMomentum: 0.99, bnEpsilon: 1e-3 };
  const fold = o.fold ?? false;
  const [f1, f2, f3] = o.filters;
  let y = convUnit(
    x,
    {
      ...k,
      filters: f1,
      kernel: 1,
      strides: o.strides,
      padding: 'valid',
      name: `res${id}_branch2a`,
      bnName: `bn${id}_branch2a`,
    },
    true,
    fold,
    namer,
  );
  y = convUnit(
    y,
    { ...k, filters: f2, kernel: 3, name: `res${id}_branch2b`, bnName: `bn${id}_branch2b` },
    true,
    fold,
    namer,
  );
  y = convUnit(
    y,
    { ...k, filters: f3, kernel: 1, padding: 'valid', name: `res${id}_branch2c`, bnName: `bn${id}_branch2c` },
    false,
    fold,
    namer,
  );
  const shortcut = o.projection
    ? convUnit(
        x,
        {
          ...k,
          filters: f3,
          kernel: 1,
          strides: o.strides,
          padding: 'valid',
          name: `res${id}_branch1`,
          bnName: `bn${id}_branch1`,
        },
        false,
        fold,
        namer,
      )
    : x;
  return relu(add(y, shortcut, namer), namer);
}

/** The conv that a BatchNormalization layer of Keras' ResNet50 follows (bn_conv1 -> conv1, bn2a_branch1 -> res2a_branch1). */
const convOfBn = (bn: string) => (bn === 'bn_conv1' ? 'conv1' : bn.replace(/^bn/, 'res'));

/**
 * Folds each BatchNormalization into the conv before it (inference only):
 *   W' = W * gamma / sqrt(var + eps),  b' = (b - mean) * gamma / sqrt(var + eps) + beta.
 * A frozen backbone then runs one fused conv (+ bias + ReLU) where it ran conv, BN and ReLU.
 */
export function foldBatchNorm(tensors: tf.NamedTensorMap, epsilon = 1e-3): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {};
  for (const key of Object.keys(tensors)) {
    const [bn, w] = key.split('/');
    if (w !== 'gamma') continue;
    const convName = convOfBn(bn);
    const kernel = tensors[`${convName}/kernel`];
    if (!kernel) continue;
    const bias = tensors[`${convName}/bias`];
    tf.tidy(() => {
      const scale = tf.div(tensors[`${bn}/gamma`], tf.sqrt(tf.add(tensors[`${bn}/moving_variance`], epsilon)));
      const b = bias ?? tf.zerosLike(scale);
      out[`${convName}/kernel`] = tf.keep(tf.mul(kernel, scale));
      out[`${convName}/bias`] = tf.keep(
        tf.add(tf.mul(tf.sub(b, tensors[`${bn}/moving_mean`]), scale), tensors[`${bn}/beta`]),
      );
    });
  }
  return out;
}
