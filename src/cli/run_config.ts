import * as tf from '@tensorflow/tfjs-core';
import {
  AdversarialTrainer, BigGAN, ConditionalTrainer, DCGAN, MLPGAN, SAGAN, adam, bigganRecipe, gradientPenaltyRegularizer, hingeLoss,
  leastSquaresLoss, minimaxLoss, nonSaturatingLoss, r1Regularizer, relativisticAverageLoss, saganRecipe, snganRecipe, wganGpRecipe, wganRecipe,
  type AdversarialTrainerOptions, type DiscriminatorConditioning, type GanLoss, type GanModels,
  type GeneratorConditioning, type Normalization,
} from '../index.js';
import { setLearningRate } from '../optimizers/learning_rate.js';
import type { RunConfig } from './train_settings.js';

export type { RunConfig } from './train_settings.js';
import { UsageError } from './usage_error.js';

/** The image-to-image models `--model` names: they translate images instead of drawing them from noise. */
export const TRANSLATION_MODELS = ['cyclegan', 'pix2pix', 'srgan'] as const;
export type TranslationModelName = (typeof TRANSLATION_MODELS)[number];

/**
 * The architectures `--model` names: GANs that draw from noise — `mlp` and `dcgan` for any loss; `sagan` (Zhang et al.
 * 2018) and `biggan` (Brock et al. 2018, class-conditional) for images, trained by their paper's recipe when the loss
 * is `hinge` (their default) — then the image-to-image models.
 */
export const MODELS = ['mlp', 'dcgan', 'sagan', 'biggan', ...TRANSLATION_MODELS] as const;
export type ModelName = (typeof MODELS)[number];

/** The embedded MNIST task each image-to-image model trains on when no data are given (SRGAN: the digits, shrunk by `--scale`). */
export const TRANSLATION_DATA: Readonly<Record<TranslationModelName, string>> = { cyclegan: 'mnist-strokes', pix2pix: 'mnist-edges', srgan: 'mnist' };

/** The model an embedded task's data set is for: `--data mnist-strokes` alone means `--model cyclegan`. */
export const TASK_MODELS: Readonly<Record<string, ModelName>> = { 'mnist-strokes': 'cyclegan', 'mnist-edges': 'pix2pix' };

/** Whether `model` is one of the image-to-image models. */
export function isTranslationModel(model: string): model is TranslationModelName {
  return (TRANSLATION_MODELS as readonly string[]).includes(model);
}

/**
 * The objectives `--loss` names. `wasserstein` is the WGAN recipe (weight clipping, RMSProp 5e-5, 5 critic steps),
 * `wgan-gp` WGAN with gradient penalty, `sngan` spectral normalization + hinge; the others use Adam(2e-4, β₁ 0.5).
 */
export const LOSSES = ['non-saturating', 'minimax', 'wasserstein', 'wgan-gp', 'hinge', 'sngan', 'least-squares', 'relativistic-average'] as const;
export type LossName = (typeof LOSSES)[number];

/** The losses the image-to-image models take: every plain objective (the recipes are for GANs drawn from noise). */
export const TRANSLATION_LOSSES = ['non-saturating', 'minimax', 'hinge', 'least-squares', 'relativistic-average'] as const satisfies readonly LossName[];

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

/** The objective of a plain `--loss` (one of {@link TRANSLATION_LOSSES}: no recipe attached). */
export function plainLoss(name: (typeof TRANSLATION_LOSSES)[number]): GanLoss {
  switch (name) {
    case 'non-saturating': return nonSaturatingLoss();
    case 'minimax': return minimaxLoss();
    case 'hinge': return hingeLoss();
    case 'least-squares': return leastSquaresLoss();
    case 'relativistic-average': return relativisticAverageLoss();
  }
}

/**
 * Trainer options for the run's loss (a published recipe where there is one, with the run's WGAN-GP λ when given) and
 * the discriminator normalization it asks for.
 */
function recipeFor(config: RunConfig): AdversarialTrainerOptions & { readonly discriminatorNormalization: Normalization } {
  const dcgan = config.model === 'dcgan';
  const plain = (l: GanLoss) => ({ loss: l, discriminatorNormalization: (dcgan ? 'batch' : 'none') as Normalization });
  switch (config.loss) {
    case 'non-saturating':
    case 'minimax':
    case 'hinge':
    case 'least-squares':
    case 'relativistic-average': return plain(plainLoss(config.loss));
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
 * The trainer options of a SAGAN or BigGAN run with the hinge loss: its paper's recipe (`saganRecipe`, `bigganRecipe`
 * with the generator it regularizes). `undefined` for the other models and losses, which take {@link recipeFor}'s.
 */
function modelRecipe(config: RunConfig, models: GanModels): AdversarialTrainerOptions | undefined {
  if (config.loss !== 'hinge' || (config.model !== 'sagan' && config.model !== 'biggan')) return undefined;
  const { discriminatorNormalization: _, ...recipe } = config.model === 'sagan' ? saganRecipe() : bigganRecipe(models.generator);
  return recipe;
}

/** The models of a run: the `--model` builder for the data's sample shape, with the run's width, latent size and seed. */
function buildModels(config: RunConfig, sampleShape: readonly number[], kind: 'points' | 'images', discriminatorNormalization: Normalization): GanModels & { readonly classes?: number | undefined } {
  const conditioning = config.conditioning;
  const { latentDim, seed } = config;
  const width = config.width === undefined ? {} : { width: config.width };
  if (isTranslationModel(config.model)) {
    throw new UsageError(`--model ${config.model} translates images: its networks are built by the image-to-image setup, not as a GAN from noise`);
  }
  if (latentDim === undefined) throw new UsageError(`--model ${config.model} needs --latent-dim`);
  if (config.model !== 'mlp' && kind === 'points') {
    throw new UsageError(`--model ${config.model} needs images, but --data '${config.data}' holds 2-D points: use --model mlp`);
  }
  switch (config.model) {
    case 'dcgan':
      return new DCGAN({ imageShape: sampleShape, latentDim, discriminatorNormalization, seed, ...width, ...(conditioning === undefined ? {} : { conditioning }) });
    case 'sagan':
      return new SAGAN({ imageShape: sampleShape, latentDim, seed, ...width, ...(conditioning === undefined ? {} : { conditioning }) });
    case 'biggan':
      if (conditioning === undefined) {
        throw new UsageError(`--model biggan is class-conditional: add --conditional (with labelled data such as mnist, emoji or CIFAR-10)`);
      }
      return new BigGAN({ imageShape: sampleShape, classes: conditioning.classes, latentDim, seed, ...width });
    case 'mlp': {
      const common = { latentDim, discriminatorNormalization, seed, ...(conditioning === undefined ? {} : { conditioning }) };
      if (kind === 'points') {
        return new MLPGAN({ sampleShape, outputActivation: 'linear', generatorUnits: config.generatorUnits ?? [128, 128, 128], discriminatorUnits: config.discriminatorUnits ?? [128, 128], ...common });
      }
      // Conditional batch normalization modulates batch normalizations, which the MLP generator has only when asked.
      return new MLPGAN({
        sampleShape, ...common,
        ...(config.generatorUnits === undefined ? {} : { generatorUnits: config.generatorUnits }),
        ...(config.discriminatorUnits === undefined ? {} : { discriminatorUnits: config.discriminatorUnits }),
        ...(conditioning?.generator === 'conditional-batchnorm' ? { generatorNormalization: 'batch' as const } : {}),
      });
    }
  }
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
  if (config.width !== undefined && config.model === 'mlp') {
    throw new UsageError(`--width ${config.width} sets the channels of an image model, but the run's model is 'mlp': use --g-units and --d-units, or choose --model dcgan, sagan or biggan`);
  }
  const { discriminatorNormalization, ...lossRecipe } = recipeFor(config);
  const models = buildModels(config, sampleShape, kind, discriminatorNormalization);
  const recipe = modelRecipe(config, models) ?? lossRecipe;
  const generatorOptimizer = runOptimizer(recipe.generatorOptimizer, config);
  const discriminatorOptimizer = runOptimizer(recipe.discriminatorOptimizer, config);
  const trainerOptions: AdversarialTrainerOptions = {
    ...recipe,
    ...(generatorOptimizer === undefined ? {} : { generatorOptimizer }),
    ...(discriminatorOptimizer === undefined ? {} : { discriminatorOptimizer }),
    ...(config.discriminatorSteps === undefined ? {} : { discriminatorSteps: config.discriminatorSteps }),
    ...(config.r1 === undefined ? {} : { regularizers: [...(recipe.regularizers ?? []), r1Regularizer({ weight: config.r1 })] }),
    ...(config.ema === undefined ? {} : { ema: { decay: config.ema } }),
    seed: config.seed,
  };
  return config.conditioning === undefined ? new AdversarialTrainer(models, trainerOptions) : new ConditionalTrainer(models, trainerOptions);
}
