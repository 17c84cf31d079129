import * as tf from '@tensorflow/tfjs-core';
import {
  AdversarialTrainer, ConditionalTrainer, DCGAN, MLPGAN, adam, gradientPenaltyRegularizer, hingeLoss, leastSquaresLoss, minimaxLoss,
  nonSaturatingLoss, r1Regularizer, relativisticAverageLoss, snganRecipe, wganGpRecipe, wganRecipe,
  type AdversarialTrainerOptions, type DiscriminatorConditioning, type GanLoss, type GanModels,
  type GeneratorConditioning, type Normalization,
} from '../index.js';
import { setLearningRate } from '../optimizers/learning_rate.js';
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

/**
 * How `--d-conditioning` lets a conditional discriminator see the label; the first is the default: the projection
 * discriminator (Miyato & Koyama 2018, arXiv:1802.05637) works with every loss and, unlike AC-GAN's class head
 * (Odena et al. 2017, arXiv:1610.09585), does not reward the generator for drawing only the easiest-to-classify
 * samples of each class.
 */
export const DISCRIMINATOR_CONDITIONINGS: readonly DiscriminatorConditioning[] = ['projection', 'acgan', 'concat'];

/** How `--g-conditioning` lets a conditional generator see the label (default: {@link DEFAULT_GENERATOR_CONDITIONING}). */
export const GENERATOR_CONDITIONINGS: readonly GeneratorConditioning[] = ['conditional-batchnorm', 'concat'];

/**
 * The generator conditioning when `--g-conditioning` is not given: a label embedding concatenated to z (CGAN, Mirza &
 * Osindero 2014, arXiv:1411.1784), for both models. On the embedded MNIST it drew the requested digit far more often
 * than conditional batch normalization (see docs/conditional-and-latent.md).
 */
export const DEFAULT_GENERATOR_CONDITIONING: GeneratorConditioning = 'concat';

/** The class conditioning of a conditional run (`gan-kit train --conditional`). */
export interface RunConditioning {
  /** The number of classes K (the data's largest label + 1); labels are integers in [0, K). */
  readonly classes: number;
  readonly discriminator: DiscriminatorConditioning;
  readonly generator: GeneratorConditioning;
}

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
  /**
   * Adam's β₁ (decay of the first-moment estimate), in [0, 1), for both optimizers; absent: the recipe's (0.5 for the
   * plain losses and `sngan`, 0 for `wgan-gp`). Only for the recipes that train with Adam (all but `wasserstein`).
   */
  readonly beta1?: number;
  /** Adam's β₂ (decay of the second-moment estimate), in [0, 1), for both optimizers; absent: the recipe's (0.999, 0.9 for `wgan-gp`). */
  readonly beta2?: number;
  /**
   * λ of the WGAN-GP gradient penalty λ·E[(‖∇D(x̂)‖₂ − 1)²] (Gulrajani et al. 2017, arXiv 1704.00028), replacing the
   * preset's 10; only with `loss: 'wgan-gp'`. Absent: 10 (the paper's image setting); the paper's toy 2-D runs use 0.1.
   */
  readonly gradientPenaltyWeight?: number;
  /** γ of an R1 penalty on real data (Mescheder et al. 2018) added to the recipe's regularizers; absent: none. */
  readonly r1?: number;
  /**
   * γ of the R1 penalty at the last step: γ moves geometrically from `r1` to it over the span of the learning-rate
   * decay (after `learningRateDecayFrom` of the run, else over the second half), as `regularizerWeightSchedule` does;
   * only with `r1`. Absent: γ stays `r1`.
   */
  readonly r1Final?: number;
  /** Fraction of the run after which both learning rates fall linearly to 0 (`linearLearningRateDecay`); absent: constant rates. */
  readonly learningRateDecayFrom?: number;
  /**
   * Units of the MLP generator's hidden layers, input side first (`--g-units`); only with `model: 'mlp'`. Absent:
   * 128, 128, 128 on 2-D points, MLPGAN's 256, 512, 1024 on images.
   */
  readonly generatorUnits?: readonly number[];
  /**
   * Units of the MLP discriminator's hidden layers, input side first (`--d-units`); only with `model: 'mlp'`. Absent:
   * 128, 128 on 2-D points (128, 128, 128 in grid25's default recipe), MLPGAN's 512, 256 on images.
   */
  readonly discriminatorUnits?: readonly number[];
  /** Side of the square images a folder is resized to. */
  readonly imageSize?: number;
  /** Channels of images read from a folder. */
  readonly channels?: 1 | 3;
  /** Steps between fixed-noise sample pictures. */
  readonly sampleEvery: number;
  /** Steps between checkpoints. */
  readonly checkpointEvery: number;
  /** Present for a conditional run: the models take class labels, and the trainer is a `ConditionalTrainer`. */
  readonly conditioning?: RunConditioning;
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
  if (c.r1 !== undefined && !(typeof c.r1 === 'number' && c.r1 > 0 && Number.isFinite(c.r1))) {
    throw new UsageError(`${where}: 'r1' must be a number > 0 (the R1 weight γ), got ${JSON.stringify(c.r1)}`);
  }
  if (c.r1Final !== undefined && !(typeof c.r1Final === 'number' && c.r1Final > 0 && Number.isFinite(c.r1Final))) {
    throw new UsageError(`${where}: 'r1Final' must be a number > 0 (the R1 weight γ at the last step), got ${JSON.stringify(c.r1Final)}`);
  }
  if (c.r1Final !== undefined && c.r1 === undefined) {
    throw new UsageError(`${where}: 'r1Final' (the R1 weight at the last step) needs 'r1', the weight it starts from: add --r1, or drop --r1-final`);
  }
  if (c.gradientPenaltyWeight !== undefined && !(typeof c.gradientPenaltyWeight === 'number' && c.gradientPenaltyWeight > 0 && Number.isFinite(c.gradientPenaltyWeight))) {
    throw new UsageError(`${where}: 'gradientPenaltyWeight' must be a number > 0 (the WGAN-GP weight λ), got ${JSON.stringify(c.gradientPenaltyWeight)}`);
  }
  for (const key of ['beta1', 'beta2'] as const) {
    const v = c[key];
    if (v !== undefined && !(typeof v === 'number' && v >= 0 && v < 1)) {
      throw new UsageError(`${where}: '${key}' must be a number in [0, 1) (Adam's ${key === 'beta1' ? 'β₁' : 'β₂'}), got ${JSON.stringify(v)}`);
    }
  }
  if (c.learningRateDecayFrom !== undefined && !(typeof c.learningRateDecayFrom === 'number' && c.learningRateDecayFrom >= 0 && c.learningRateDecayFrom < 1)) {
    throw new UsageError(`${where}: 'learningRateDecayFrom' must be a fraction in [0, 1), got ${JSON.stringify(c.learningRateDecayFrom)}`);
  }
  for (const [key, network] of [['generatorUnits', 'generator'], ['discriminatorUnits', 'discriminator']] as const) {
    const v = c[key];
    if (v !== undefined && !(Array.isArray(v) && v.length > 0 && v.every((u) => Number.isInteger(u) && (u as number) >= 1))) {
      throw new UsageError(`${where}: '${key}' must be a non-empty list of positive integers (the units of the MLP ${network}'s hidden layers, such as [128, 128]), got ${JSON.stringify(v)}`);
    }
    if (v !== undefined && c.model !== 'mlp') {
      throw new UsageError(`${where}: '${key}' sets the layers of the MLP ${network}, but the run's model is '${String(c.model)}': use --model mlp, or drop --${key === 'generatorUnits' ? 'g' : 'd'}-units`);
    }
  }
  if (c.channels !== undefined && c.channels !== 1 && c.channels !== 3) {
    throw new UsageError(`${where}: 'channels' must be 1 or 3, got ${JSON.stringify(c.channels)}`);
  }
  if (c.conditioning !== undefined) parseConditioning(c.conditioning, `${where}: 'conditioning'`);
  return c as RunConfig;
}

/** Checks the `conditioning` entry of a run configuration; `where` names it in errors. */
function parseConditioning(value: unknown, where: string): void {
  const c = value as Partial<Record<keyof RunConditioning, unknown>>;
  if (typeof c !== 'object' || c === null || Array.isArray(c)) {
    throw new UsageError(`${where} must be an object { classes, discriminator, generator }, got ${JSON.stringify(value)}`);
  }
  if (typeof c.classes !== 'number' || !Number.isInteger(c.classes) || c.classes < 2) {
    throw new UsageError(`${where}.classes must be an integer ≥ 2 (the number of classes), got ${JSON.stringify(c.classes)}`);
  }
  oneOf(`${where}.discriminator`, String(c.discriminator), DISCRIMINATOR_CONDITIONINGS);
  oneOf(`${where}.generator`, String(c.generator), GENERATOR_CONDITIONINGS);
}

/**
 * Trainer options for the run's loss (a published recipe where there is one, with the run's WGAN-GP λ when given) and
 * the discriminator normalization it asks for.
 */
function recipeFor(config: RunConfig): AdversarialTrainerOptions & { readonly discriminatorNormalization: Normalization } {
  const dcgan = config.model === 'dcgan';
  const plain = (l: GanLoss) => ({ loss: l, discriminatorNormalization: (dcgan ? 'batch' : 'none') as Normalization });
  switch (config.loss) {
    case 'non-saturating': return plain(nonSaturatingLoss());
    case 'minimax': return plain(minimaxLoss());
    case 'hinge': return plain(hingeLoss());
    case 'least-squares': return plain(leastSquaresLoss());
    case 'relativistic-average': return plain(relativisticAverageLoss());
    case 'wasserstein': {
      const recipe = wganRecipe();
      return dcgan ? recipe : { ...recipe, discriminatorNormalization: 'none' };
    }
    case 'wgan-gp': {
      const recipe = wganGpRecipe();
      const weight = config.gradientPenaltyWeight;
      return weight === undefined ? recipe : { ...recipe, regularizers: [gradientPenaltyRegularizer({ weight })] };
    }
    case 'sngan': return snganRecipe();
  }
}

/** `optimizer` (a fresh one of the recipe's) set to `learningRate`. */
function withLearningRate(optimizer: tf.Optimizer, learningRate: number): tf.Optimizer {
  setLearningRate(optimizer, learningRate);
  return optimizer;
}

/**
 * One network's optimizer: the recipe's (`undefined`: the trainer's default, Adam(2e-4, β₁ 0.5)) with the run's
 * learning rate and Adam β's where given. New β's need a new Adam, made with the recipe's other settings (the
 * recipe's own is released); a recipe that trains with another optimizer than Adam refuses them.
 */
function runOptimizer(recipe: tf.Optimizer | undefined, config: RunConfig): tf.Optimizer | undefined {
  const { learningRate, beta1, beta2 } = config;
  if (learningRate === undefined && beta1 === undefined && beta2 === undefined) return recipe;
  const base = recipe ?? adam(2e-4, 0.5);
  if (beta1 === undefined && beta2 === undefined) return withLearningRate(base, learningRate!);
  const className = base.getClassName();
  const settings = base.getConfig();
  base.dispose();
  if (className !== 'Adam') {
    const [flag, value] = beta1 === undefined ? ['--beta2', beta2] : ['--beta1', beta1];
    throw new UsageError(`${flag} ${value} sets Adam's β, but --loss ${config.loss} trains with ${className}: drop ${flag}, or choose a --loss that trains with Adam`);
  }
  return adam(learningRate ?? Number(settings['learningRate']), beta1 ?? Number(settings['beta1']), beta2 ?? Number(settings['beta2']));
}

/**
 * The trainer of a run, with fresh models: a `ConditionalTrainer` when the run is conditional, else an
 * `AdversarialTrainer`. `sampleShape` is the data's per-sample shape. Combinations the CLI cannot train throw a
 * {@link UsageError} before any model is made.
 */
export function buildTrainer(config: RunConfig, sampleShape: readonly number[], kind: 'points' | 'images'): AdversarialTrainer {
  if (config.gradientPenaltyWeight !== undefined && config.loss !== 'wgan-gp') {
    throw new UsageError(`--gp-weight ${config.gradientPenaltyWeight} sets the WGAN-GP gradient penalty, but the run's loss is '${config.loss}': add --loss wgan-gp, or drop --gp-weight`);
  }
  const { discriminatorNormalization, ...recipe } = recipeFor(config);
  const conditioning = config.conditioning;
  if (config.model === 'dcgan' && kind === 'points') {
    throw new UsageError(`--model dcgan needs images, but --data '${config.data}' holds 2-D points: use --model mlp`);
  }
  const generatorOptimizer = runOptimizer(recipe.generatorOptimizer, config);
  const discriminatorOptimizer = runOptimizer(recipe.discriminatorOptimizer, config);
  const common = { latentDim: config.latentDim, discriminatorNormalization, seed: config.seed, ...(conditioning === undefined ? {} : { conditioning }) };
  let models: GanModels & { readonly classes?: number | undefined };
  if (config.model === 'dcgan') {
    models = new DCGAN({ imageShape: sampleShape, ...common });
  } else if (kind === 'points') {
    models = new MLPGAN({ sampleShape, outputActivation: 'linear', generatorUnits: config.generatorUnits ?? [128, 128, 128], discriminatorUnits: config.discriminatorUnits ?? [128, 128], ...common });
  } else {
    // Conditional batch normalization modulates batch normalizations, which the MLP generator has only when asked.
    models = new MLPGAN({
      sampleShape, ...common,
      ...(config.generatorUnits === undefined ? {} : { generatorUnits: config.generatorUnits }),
      ...(config.discriminatorUnits === undefined ? {} : { discriminatorUnits: config.discriminatorUnits }),
      ...(conditioning?.generator === 'conditional-batchnorm' ? { generatorNormalization: 'batch' as const } : {}),
    });
  }
  const trainerOptions: AdversarialTrainerOptions = {
    ...recipe,
    ...(generatorOptimizer === undefined ? {} : { generatorOptimizer }),
    ...(discriminatorOptimizer === undefined ? {} : { discriminatorOptimizer }),
    ...(config.discriminatorSteps === undefined ? {} : { discriminatorSteps: config.discriminatorSteps }),
    ...(config.r1 === undefined ? {} : { regularizers: [...(recipe.regularizers ?? []), r1Regularizer({ weight: config.r1 })] }),
    seed: config.seed,
  };
  return conditioning === undefined ? new AdversarialTrainer(models, trainerOptions) : new ConditionalTrainer(models, trainerOptions);
}
