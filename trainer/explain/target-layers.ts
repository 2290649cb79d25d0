import type * as tf from '@tensorflow/tfjs';
import { AppError } from '@/lib/errors/app-error';
import type { ModelConfig, ModelKind } from '@/lib/models/configs';

type ConfigOf<K extends ModelKind> = Extract<ModelConfig, { kind: K }>;

/**
 * The layer Grad-CAM explains for each family: the output of the last convolutional stage,
 * the feature maps global average pooling turns into the embedding. Layer names are a
 * contract (docs/ARCHITECTURE.md, "Models"), so the choice is by name, derived from the architecture:
 * - cnn: the last stage's last ReLU, `block{stages}_relu{convsPerStage}` (trainer/models/cnn);
 * - resnet: the ReLU after the last basic block's addition; every block names two
 *   activations and the stem none, so it is `activation_{2 * blocks - 1}` (trainer/models/resnet);
 * - resnet50: Keras ResNet50's stage-5 output, `activation_48` (the res5c block output); with
 *   stage4-max features the network ends at stage 4, whose output is `activation_39`.
 */
export const gradCamLayers: { [K in ModelKind]: (config: ConfigOf<K>) => string } = {
  cnn: (c) => `block${c.architecture.stages.length}_relu${c.architecture.convsPerStage}`,
  resnet: (c) => `activation_${2 * c.architecture.blocks.reduce((a, b) => a + b, 0) - 1}`,
  resnet50: (c) => (c.architecture.features === 'stage4-max' ? 'activation_39' : 'activation_48'),
};

/**
 * For the networks trained from scratch, the output of the stage before the last: twice the
 * last stage's grid. Its Grad-CAM multiplies the last stage's (explainImage), which keeps the
 * class evidence of the last stage and the finer placement of the one before: on synthetic CT
 * hemorrhage the peak fell inside the lesion for 0.94 (cnn) and 0.90 (resnet) of positives over
 * five training seeds, against 0.85 and 0.85 from the last stage alone (docs/benchmarks.md). Null
 * for a one-stage network and for ResNet50, whose explanation keeps its last stage (not measured
 * on lesions with two).
 */
export function gradCamFineLayerName(config: ModelConfig): string | null {
  switch (config.kind) {
    case 'cnn': {
      const { stages, convsPerStage } = config.architecture;
      return stages.length > 1 ? `block${stages.length - 1}_relu${convsPerStage}` : null;
    }
    case 'resnet': {
      const { blocks } = config.architecture;
      const before = blocks.slice(0, -1).reduce((a, b) => a + b, 0);
      return before > 0 ? `activation_${2 * before - 1}` : null;
    }
    case 'resnet50':
      return null;
  }
}

export function gradCamLayerName(config: ModelConfig): string {
  switch (config.kind) {
    case 'cnn':
      return gradCamLayers.cnn(config);
    case 'resnet':
      return gradCamLayers.resnet(config);
    case 'resnet50':
      return gradCamLayers.resnet50(config);
  }
}

const hasLayer = (model: tf.LayersModel, name: string) => model.layers.some((l) => l.name === name);
/** One 4-D output (a batch of feature maps). */
const isMaps = (layer: tf.layers.Layer) => !Array.isArray(layer.outputShape[0]) && layer.outputShape.length === 4;

/**
 * The table's layer when the model has it (with 4-D output); otherwise, for an artifact
 * built before a naming change, the layer feeding the embedding layer. Throws when neither fits.
 */
export function resolveGradCamLayer(model: tf.LayersModel, config: ModelConfig, embeddingLayer: string): string {
  const named = gradCamLayerName(config);
  if (hasLayer(model, named) && isMaps(model.getLayer(named))) return named;
  if (hasLayer(model, embeddingLayer)) {
    const input = model.getLayer(embeddingLayer).input;
    const source = Array.isArray(input) ? undefined : input.sourceLayer;
    if (source && isMaps(source) && !model.inputLayers.includes(source)) return source.name;
  }
  throw new AppError({
    code: 'UNSUPPORTED',
    message: `model ${model.name} has no convolutional layer to explain (looked for ${named})`,
  });
}

/** The finer layer explainImage fuses with the main one, when the model has it as feature maps. */
export function resolveGradCamFineLayer(model: tf.LayersModel, config: ModelConfig): string | null {
  const named = gradCamFineLayerName(config);
  return named && hasLayer(model, named) && isMaps(model.getLayer(named)) ? named : null;
}
