import type { SimulationPoint } from '@/lib/simulation/schemas';
import { createRng } from '@/lib/random';
import type { Strategy } from '@/lib/strategies';
import type { TrainingConfig } from '@/lib/models/configs';
import { stratifiedSplit } from '@/lib/learn/splits';
import type { LabelledImage } from '@/trainer/data/types';
import { frozenBackboneFeatures } from '@/trainer/resnet50/pooled-features';
import { toStoreKind } from '@/trainer/service/kinds';
import { trainModel, type TrainedModel } from '@/trainer/train/train-model';
import { Oracle } from './oracle';
import { memberSlots, poolNeeds, scorePool } from './score-pool';
import type { SimulationData } from './simulation-data';
import type { RoundTiming, SimulationOptions } from './types';

/** Seeds of everything random in a round, the same for every strategy: round 0 is identical across strategies. */
const trainingSeed = (seed: number, round: number, member: number) => (seed * 1000 + round) * 10 + member;
const scanId = (index: number) => `pool-${index}`;
const poolIndex = (id: string) => Number(id.slice('pool-'.length));

interface Labelled {
  train: LabelledImage[];
  validation: LabelledImage[];
}

/** Answered scans split for training and validation, stratified per batch so validation grows with the labels. */
function addAnswers(labelled: Labelled, answers: LabelledImage[], fraction: number, seed: number): void {
  const { train, holdout } = stratifiedSplit(
    answers.map((a) => a.label),
    fraction,
    createRng(seed ^ 0x0a11),
  );
  labelled.train.push(...train.map((i) => answers[i]));
  labelled.validation.push(...holdout.map((i) => answers[i]));
}

function pointOf(strategy: string, seed: number, round: number, labels: number, model: TrainedModel): SimulationPoint {
  const test = model.metrics.test!;
  return {
    strategy,
    seed,
    round,
    labels,
    macroF1: test.macroF1,
    accuracy: test.accuracy,
    lesionSensitivity: test.lesion.detectionSensitivity,
  };
}

/**
 * One simulated labelling project: the seed set is labelled, then each round trains (warm
 * started from the previous round), records the test metrics, scores the unlabelled pool,
 * lets the strategy rank it and has the oracle label the top `batch`.
 */
export async function runStrategy(
  strategy: Strategy,
  seed: number,
  data: SimulationData,
  opts: SimulationOptions,
): Promise<{ points: SimulationPoint[]; timings: RoundTiming[]; asked: number[][] }> {
  const oracle = new Oracle(data.pool);
  const needs = poolNeeds(strategy, opts);
  const slots = memberSlots(toStoreKind(opts.model), needs.members);
  const seedSet = oracle.seedSet(opts.seedLabels, createRng(seed));
  const unlabelled = new Set(data.pool.map((_, i) => i));
  const labelled: Labelled = { train: [], validation: [] };
  /** Pool indices the oracle answered, per round (round 0: the seed set). */
  const asked: number[][] = [];
  const ask = (indices: number[], round: number) => {
    asked.push(indices);
    indices.forEach((i) => unlabelled.delete(i));
    addAnswers(labelled, oracle.answer(indices), opts.validationFraction, trainingSeed(seed, round, 0));
  };
  ask(seedSet, 0);
  const points: SimulationPoint[] = [];
  const timings: RoundTiming[] = [];
  let members: TrainedModel[] = [];
  let previous: TrainedModel[] = [];
  try {
    for (let round = 0; round <= opts.rounds; round++) {
      const progress = { strategy: strategy.name, seed, round, rounds: opts.rounds, labels: oracle.answered };
      const t0 = performance.now();
      previous = members;
      members = [];
      for (let m = 0; m < needs.members; m++) {
        const training: Partial<TrainingConfig> = {
          epochs: opts.epochs,
          patience: opts.patience,
          seed: trainingSeed(seed, round, m),
        };
        members.push(
          await trainModel(
            {
              labels: data.labels,
              normalLabels: data.normalLabels,
              train: labelled.train,
              validation: labelled.validation,
              test: data.test,
            },
            {
              config: {
                kind: opts.model,
                variant: opts.variant,
                preprocessing: { imageSize: opts.imageSize },
                training,
              },
              backend: opts.backend,
              preparedCache: opts.preparedCache,
              featureCache: opts.featureCache,
              warmStart: opts.warmStart ? previous[m]?.model : undefined,
            },
            (p) =>
              opts.onProgress?.({ ...progress, step: 'train', member: m + 1, members: needs.members, training: p }),
          ),
        );
      }
      previous.forEach((p) => p.model.dispose());
      previous = [];
      const t1 = performance.now();
      const point = pointOf(strategy.name, seed, round, oracle.answered, members[0]);
      points.push(point);
      opts.onProgress?.({ ...progress, step: 'evaluated', point });
      const last = round === opts.rounds || unlabelled.size === 0;
      if (!last) {
        opts.onProgress?.({ ...progress, step: 'score' });
        const ids = [...unlabelled];
        const pool = { ids: ids.map(scanId), images: ids.map((i) => oracle.images[i]) };
        const features =
          needs.predict && opts.featureCache
            ? await frozenBackboneFeatures(
                members[0].card,
                ids.map((i) => ({ image: data.pool[i].image, key: data.pool[i].key })),
                opts.featureCache,
              )
            : undefined;
        const scans = needs.predict
          ? scorePool(members, { ...pool, features }, { slots, needs, seed: trainingSeed(seed, round, 0) })
          : ids.map((i) => ({ scanId: scanId(i), lastServedAt: null, byModel: {} }));
        const ranked = strategy.rank(scans, { batchSize: opts.batch, seed, modelKind: slots[0], labels: data.labels });
        ask(
          ranked.slice(0, opts.batch).map((r) => poolIndex(r.scanId)),
          round + 1,
        );
      }
      timings.push({
        strategy: strategy.name,
        seed,
        round,
        labels: point.labels,
        trainSeconds: (t1 - t0) / 1000,
        scoreSeconds: (performance.now() - t1) / 1000,
        epochs: members.reduce((a, m) => a + m.history.length, 0),
      });
      if (last) break;
    }
  } finally {
    [...previous, ...members].forEach((m) => m.model.dispose());
  }
  return { points, timings, asked };
}
