import { describe, expect, it } from 'vitest';
import { cnnVariants, modelConfigSchema, resnet50Variants, resolveModelConfig } from '@/lib/models/configs';
import { resnet50VariantSchema } from '@/lib/schemas/project';
import { projectModelConfig } from '@/trainer/service/train-project-model';

describe('model configs', () => {
  it('fills a family default variant and training defaults', () => {
    const c = resolveModelConfig({ kind: 'cnn' });
    expect(c.variant).toBe('fast');
    expect(c.architecture).toEqual(cnnVariants.fast);
    expect(c.preprocessing).toEqual({ imageSize: 128, inputMode: 'auto' });
    expect(c.training).toMatchObject({
      epochs: 30,
      batchSize: 32,
      patience: 5,
      classWeights: 'balanced',
      augmentation: { flipHorizontal: true, flipVertical: false },
    });
    expect(modelConfigSchema.parse(JSON.parse(JSON.stringify(c)))).toEqual(c);
  });

  it('merges overrides section by section over the variant', () => {
    const c = resolveModelConfig({
      kind: 'resnet',
      variant: 'resnet18',
      architecture: { width: 24 },
      training: { epochs: 3 },
      preprocessing: { imageSize: 64 },
    });
    expect(c.architecture).toMatchObject({ blocks: [2, 2, 2, 2], width: 24 });
    expect(c.training.epochs).toBe(3);
    expect(c.training.learningRate).toBe(1e-3);
    expect(c.preprocessing.imageSize).toBe(64);
  });

  it('gives resnet50 its transfer-learning defaults (a head on stage 4, the scan and its mirror)', () => {
    const c = resolveModelConfig({ kind: 'resnet50' });
    expect(c.variant).toBe('stage4');
    expect(c.architecture).toEqual({ fineTuneStage5: false, features: 'stage4-max' });
    expect(c.training.featureViews).toBe(2);
    expect(c.training.dropout).toBe(0.5);
    expect(c.preprocessing.imageSize).toBe(224);
    const f = resolveModelConfig({ kind: 'resnet50', variant: 'finetune' });
    expect(f.architecture).toEqual({ fineTuneStage5: true, features: 'stage5-avg' });
    expect(f.training.fineTune).toEqual({ epochs: 10, learningRate: 1e-4 });
  });

  it('reads a model card saved before stage-4 features as stage 5 average pooling, and refuses fine-tuning a stage-4 head', () => {
    const saved = modelConfigSchema.parse({
      ...resolveModelConfig({ kind: 'resnet50', variant: 'finetune' }),
      architecture: { fineTuneStage5: true },
    });
    expect(saved.architecture).toEqual({ fineTuneStage5: true, features: 'stage5-avg' });
    expect(() => resolveModelConfig({ kind: 'resnet50', architecture: { fineTuneStage5: true } })).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST', message: expect.stringMatching(/fine-tuning stage 5 needs/) }),
    );
  });

  it("keeps a family's training defaults and image size when other fields are overridden", () => {
    const c = resolveModelConfig({ kind: 'resnet50', training: { seed: 7 }, preprocessing: { inputMode: 'grey-rgb' } });
    expect(c.training).toMatchObject({ seed: 7, epochs: 40, batchSize: 64, dropout: 0.5 });
    expect(c.preprocessing).toEqual({ imageSize: 224, inputMode: 'grey-rgb' });
    expect(resolveModelConfig({ kind: 'resnet50', training: { epochs: undefined } }).training.epochs).toBe(40);
    expect(resolveModelConfig({ kind: 'cnn', preprocessing: {} }).preprocessing.imageSize).toBe(128);
  });

  it('rejects unknown variants and bad values as BAD_REQUEST naming the field', () => {
    expect(() => resolveModelConfig({ kind: 'cnn', variant: 'huge' })).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST', message: expect.stringMatching(/unknown cnn variant "huge"/) }),
    );
    expect(() => resolveModelConfig({ kind: 'cnn', architecture: { stemStride: 9 } })).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST', message: expect.stringMatching(/architecture.stemStride/) }),
    );
    expect(() => resolveModelConfig({ kind: 'cnn', training: { epochs: 0 } })).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST' }),
    );
  });
});

describe('project settings and the variant tables', () => {
  it("offers exactly the ResNet50 variants the trainer knows (the migration's CHECK lists the same)", () => {
    expect([...resnet50VariantSchema.options].sort()).toEqual(Object.keys(resnet50Variants).sort());
  });

  it("trains the project's ResNet50 variant, and only the ResNet50 kind takes it", () => {
    const project = { id: 'p', imageSize: 96, resnet50Variant: 'frozen' };
    expect(resolveModelConfig(projectModelConfig({ project, kind: 'RESNET50' }))).toMatchObject({
      kind: 'resnet50',
      variant: 'frozen',
      architecture: { fineTuneStage5: false },
    });
    expect(resolveModelConfig(projectModelConfig({ project, kind: 'CNN' }))).toMatchObject({
      kind: 'cnn',
      variant: 'fast',
      preprocessing: { imageSize: 96 },
    });
    expect(
      resolveModelConfig(projectModelConfig({ project: { id: 'p', imageSize: 128 }, kind: 'RESNET50' })).variant,
    ).toBe('stage4');
  });

  it("trains ResNet50 at 224 px whatever the project's size for the kinds from scratch, unless overridden", () => {
    const project = { id: 'p', imageSize: 96 };
    const size = (kind: 'CNN' | 'RESNET' | 'RESNET50', overrides?: { imageSize: number }) =>
      resolveModelConfig(projectModelConfig({ project, kind, overrides })).preprocessing.imageSize;
    expect([size('CNN'), size('RESNET'), size('RESNET50')]).toEqual([96, 96, 224]);
    expect(size('RESNET50', { imageSize: 64 })).toBe(64);
  });
});
