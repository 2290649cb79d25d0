import * as tf from '@tensorflow/tfjs';
import type { ResnetArchitecture } from '@/lib/models/configs';
import { basicBlock, classifierHead, convBn, LayerNamer } from './blocks';

export interface BuildResNetOptions {
  inputShape: [number, number, number];
  classCount: number;
  architecture: ResnetArchitecture;
  dropout: number;
  seed?: number;
}

/** ResNet from scratch with basic blocks (He et al. 2016), stages 2.. in Keras naming; width doubles per stage. */
export function buildResNet(o: BuildResNetOptions): tf.LayersModel {
  const a = o.architecture;
  const namer = new LayerNamer({}, o.seed ?? 1);
  const input = tf.input({ shape: o.inputShape, name: 'input_1' });
  let x = convBn(
    input,
    {
      filters: a.width,
      kernel: a.stemKernel,
      strides: a.stemStride,
      useBias: true,
      reluBeforeBn: true,
      name: 'conv1',
      bnName: 'bn_conv1',
    },
    namer,
  );
  if (a.stemPool) {
    x = tf.layers
      .maxPooling2d({ poolSize: 3, strides: 2, padding: 'same', name: 'pool1' })
      .apply(x) as tf.SymbolicTensor;
  }
  a.blocks.forEach((count, s) => {
    for (let b = 0; b < count; b++) {
      x = basicBlock(
        x,
        { stage: s + 2, block: b, filters: a.width * 2 ** s, strides: b === 0 && s > 0 ? 2 : 1 },
        namer,
      );
    }
  });
  const logits = classifierHead(x, { classCount: o.classCount, dropout: o.dropout }, namer);
  return tf.model({ inputs: input, outputs: logits, name: 'resnet' });
}
