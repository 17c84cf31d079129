import * as tf from '@tensorflow/tfjs-core';
import {
  DCGAN, MLPGAN, adam, hingeLoss, leastSquaresLoss, minimaxLoss, nonSaturatingLoss, relativisticAverageLoss,
  snganRecipe, wganGpRecipe, wganRecipe,
  type AdversarialTrainerOptions, type GanLoss, type GanModels, type Normalization,
} from '../index.js';
import { UsageError } from './usage_error.js';

/** The architectures `--model` names. */
export const MODELS = ['mlp', 'dcgan'] as const;
export type ModelName = (typeof MODELS)[number];

/**
 * The objectives `--loss` names. `wasserstein` is the WGAN recipe (weight clipping, RMSProp 5e-5, 5 critic steps),
 * `wgan-gp` WGAN with gradient penalty, `sngan` spectral normalization + hinge; the others use Adam(2e-4, β₁ 0.5).
 */
export const LOSSES = ['non-saturating', 'minimax', 'wasserstein', 'wgan-gp', 'hinge', 'sngan', 'least-squares', 'relativistic-average'] as const;
export type LossName = (typeof LOSSES)[number];

/** Everything that defines a CLI run; written to `DIR/config.json` and read back by `--resume`, `sample`, `info`. */
export interface RunConfig {
  readonly format: 'gan-kit-run';
  readonly version: 1;
  /** An embedded data set name or an absolute path. */
  readonly data: string;
  readonly model: ModelName;
  readonly loss: LossName;
  /** Total generator steps of the run. */
  readonly steps: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly latentDim: number;
  /** k; absent: the recipe's. */
  readonly discriminatorSteps?: number;
  /** Learning rate of both optimizers; absent: the recipe's. */
  readonly learningRate?: number;
  /** Side of the square images a folder is resized to. */
  readonly imageSize?: number;
  /** Channels of images read from a folder. */
  readonly channels?: 1 | 3;
  /** Steps between fixed-noise sample pictures. */
  readonly sampleEvery: number;
  /** Steps between checkpoints. */
  readonly checkpointEvery: number;
}

/** A choice flag's value checked against its allowed values. */
export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} '${value}' is not one of: ${allowed.join(', ')}`);
  }
  return value as T;
}

/** Reads and checks a `config.json` written by {@link RunConfig}; `where` names the file in errors. */
export function parseRunConfig(text: string, where: string): RunConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${where} is not valid JSON (${(error as Error).message})`);
  }
  const c = value as Partial<Record<keyof RunConfig, unknown>>;
  if (typeof c !== 'object' || c === null || c.format !== 'gan-kit-run' || c.version !== 1) {
    throw new UsageError(`${where} is not a gan-kit run configuration (format 'gan-kit-run', version 1)`);
  }
  const int = (key: keyof RunConfig, optional = false): void => {
    const v = c[key];
    if (optional && v === undefined) return;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < (key === 'seed' ? 0 : 1)) {
      throw new UsageError(`${where}: '${key}' must be a positive integer, got ${JSON.stringify(v)}`);
    }
  };
  for (const key of ['steps', 'batchSize', 'seed', 'latentDim', 'sampleEvery', 'checkpointEvery'] as const) int(key);
  for (const key of ['discriminatorSteps', 'imageSize'] as const) int(key, true);
  if (typeof c.data !== 'string' || c.data === '') throw new UsageError(`${where}: 'data' must be a data set name or path`);
  oneOf(`${where}: 'model'`, String(c.model), MODELS);
  oneOf(`${where}: 'loss'`, String(c.loss), LOSSES);
  if (c.learningRate !== undefined && !(typeof c.learningRate === 'number' && c.learningRate > 0)) {
    throw new UsageError(`${where}: 'learningRate' must be a number > 0, got ${JSON.stringify(c.learningRate)}`);
  }
  if (c.channels !== undefined && c.channels !== 1 && c.channels !== 3) {
    throw new UsageError(`${where}: 'channels' must be 1 or 3, got ${JSON.stringify(c.channels)}`);
  }
  return c as RunConfig;
}

/** Trainer options for a loss name (a published recipe where there is one) and the discriminator normalization it asks for. */
function recipeFor(loss: LossName, model: ModelName): AdversarialTrainerOptions & { readonly discriminatorNormalization: Normalization } {
  const dcgan = model === 'dcgan';
  const plain = (l: GanLoss) => ({ loss: l, discriminatorNormalization: (dcgan ? 'batch' : 'none') as Normalization });
  switch (loss) {
    case 'non-saturating': return plain(nonSaturatingLoss());
    case 'minimax': return plain(minimaxLoss());
    case 'hinge': return plain(hingeLoss());
    case 'least-squares': return plain(leastSquaresLoss());
    case 'relativistic-average': return plain(relativisticAverageLoss());
    case 'wasserstein': {
      const recipe = wganRecipe();
      return dcgan ? recipe : { ...recipe, discriminatorNormalization: 'none' };
    }
    case 'wgan-gp': return wganGpRecipe();
    case 'sngan': return snganRecipe();
  }
}

/** A copy of `optimizer` with another learning rate (same class and other settings); the original is disposed. */
function withLearningRate(optimizer: tf.Optimizer, learningRate: number): tf.Optimizer {
  const cls = optimizer.constructor as tf.serialization.SerializableConstructor<tf.Optimizer>;
  const copy = cls.fromConfig(cls, { ...optimizer.getConfig(), learningRate });
  optimizer.dispose();
  return copy;
}

/** The models and trainer options of a run. `sampleShape` is the data's per-sample shape. */
export function buildRun(config: RunConfig, sampleShape: readonly number[], kind: 'points' | 'images'): { models: GanModels; trainerOptions: AdversarialTrainerOptions } {
  const { discriminatorNormalization, ...recipe } = recipeFor(config.loss, config.model);
  let models: GanModels;
  if (config.model === 'dcgan') {
    if (kind === 'points') throw new UsageError(`--model dcgan needs images, but --data '${config.data}' holds 2-D points: use --model mlp`);
    models = new DCGAN({ imageShape: sampleShape, latentDim: config.latentDim, discriminatorNormalization, seed: config.seed });
  } else if (kind === 'points') {
    models = new MLPGAN({
      sampleShape, latentDim: config.latentDim, outputActivation: 'linear',
      generatorUnits: [256, 256, 256], discriminatorUnits: [256, 256],
      discriminatorNormalization, seed: config.seed,
    });
  } else {
    models = new MLPGAN({ sampleShape, latentDim: config.latentDim, discriminatorNormalization, seed: config.seed });
  }
  const lr = config.learningRate;
  const trainerOptions: AdversarialTrainerOptions = {
    ...recipe,
    ...(lr === undefined ? {} : {
      generatorOptimizer: withLearningRate(recipe.generatorOptimizer ?? adam(2e-4, 0.5), lr),
      discriminatorOptimizer: withLearningRate(recipe.discriminatorOptimizer ?? adam(2e-4, 0.5), lr),
    }),
    ...(config.discriminatorSteps === undefined ? {} : { discriminatorSteps: config.discriminatorSteps }),
    seed: config.seed,
  };
  return { models, trainerOptions };
}
