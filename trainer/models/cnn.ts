import * as tf from '@tensorflow/tfjs';
import { AppError } from '@/lib/errors/app-error';
import type { CnnArchitecture } from '@/lib/models/configs';
import { classifierHead, convBn, LayerNamer, relu } from './blocks';

export interface BuildCnnOptions {
  inputShape: [number, number, number];
  classCount: number;
  architecture: CnnArchitecture;
  dropout: number;
  seed?: number;
}

/**
 * Plain CNN: a strided stem, then conv-BN-ReLU stages each ending in 2x2 max pooling (the last
 * one in global average pooling), dropout and a dense logits layer. VGG-style names (block1_conv1).
 */
export function buildCnn(o: BuildCnnOptions): tf.LayersModel {
  const a = o.architecture;
  const side = Math.min(o.inputShape[0], o.inputShape[1]);
  const smallest = a.stages.reduce((s) => Math.floor(s / 2), Math.ceil(side / a.stemStride));
  if (smallest < 1) {
    const needed = a.stemStride * (2 ** a.stages.length - 1) + 1;
    throw new AppError({
      code: 'BAD_REQUEST',
      message: `a ${side}x${side} input is too small for this cnn (stride ${a.stemStride} stem, ${a.stages.length} pooled stages): use an image size of at least ${needed}`,
    });
  }
  const namer = new LayerNamer({}, o.seed ?? 1);
  const input = tf.input({ shape: o.inputShape, name: 'input_1' });
  let x = convBn(
    input,
    {
      filters: a.stemFilters,
      kernel: a.stemKernel,
      strides: a.stemStride,
      useBias: true,
      reluBeforeBn: true,
      name: 'conv1',
      bnName: 'bn_conv1',
    },
    namer,
  );
  a.stages.forEach((filters, s) => {
    x = tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `block${s + 1}_pool` }).apply(x) as tf.SymbolicTensor;
    for (let k = 1; k <= a.convsPerStage; k++) {
      x = convBn(x, { filters, kernel: 3, name: `block${s + 1}_conv${k}`, bnName: `block${s + 1}_bn${k}` }, namer);
      x = relu(x, namer, `block${s + 1}_relu${k}`);
    }
  });
  const logits = classifierHead(x, { classCount: o.classCount, dropout: o.dropout }, namer);
  return tf.model({ inputs: input, outputs: logits, name: 'cnn' });
}
