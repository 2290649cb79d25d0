import type * as tf from '@tensorflow/tfjs';
import { cnnVariants, resnetVariants } from '@/lib/models/configs';
import { createRng, type Rng } from '@/lib/random';
import { arraySource } from '@/trainer/data/image-source';
import { buildCnn } from '@/trainer/models/cnn';
import { buildResNet } from '@/trainer/models/resnet';
import { fitClassifier } from '@/trainer/train/fit';
import type { EpochRecord, ExampleSource } from '@/trainer/train/types';

/**
 * The workload of ../shared/bench-ref/torch_cnn_fast.py on our side: the cnn `fast` variant on
 * `count` random 128x128x3 images, and one epoch of the trainer's loop over them (batch 32,
 * Adam at 1e-3, batch norm in training mode, no augmentation). kind 'resnet': the scratch
 * ResNet (resnet10) on the same workload, for profiling (it has no PyTorch twin).
 */
export function cnnTwin(count: number, seed = 1, kind: 'cnn' | 'resnet' = 'cnn') {
  const size = 128;
  const perImage = size * size * 3;
  const rng: Rng = createRng(seed);
  const pixels = new Float32Array(count * perImage).map(() => rng.next());
  const images = Array.from({ length: count }, (_, i) => pixels.subarray(i * perImage, (i + 1) * perImage));
  const source: ExampleSource = arraySource(
    images,
    images.map(() => (rng.next() < 0.5 ? 0 : 1)),
    [size, size, 3],
  );
  const model: tf.LayersModel =
    kind === 'cnn'
      ? buildCnn({ inputShape: [size, size, 3], classCount: 2, dropout: 0.3, architecture: cnnVariants.fast })
      : buildResNet({
          inputShape: [size, size, 3],
          classCount: 2,
          dropout: 0.3,
          architecture: resnetVariants.resnet10,
        });
  const epoch = async (): Promise<EpochRecord> => {
    const [record] = await fitClassifier({
      kind,
      phase: 'train',
      model,
      train: source,
      validation: arraySource([], [], source.shape),
      epochs: 1,
      batchSize: 32,
      learningRate: 1e-3,
      patience: 10,
      classWeights: null,
      bnTraining: true,
      rng,
    });
    return record;
  };
  return { model, source, pixels, perImage, epoch };
}
