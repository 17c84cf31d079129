import * as tf from '@tensorflow/tfjs-core';
import {
  AdversarialTrainer, BigGAN, ConditionalTrainer, DCGAN, MLPGAN, ProGAN, ProGanAlgorithm, SAGAN, StyleGAN2, StyleGan2Algorithm, adaAugment, adam,
  bigganRecipe, diffAugment, gradientPenaltyRegularizer, hingeLoss, leastSquaresLoss, minimaxLoss, nonSaturatingLoss, r1Regularizer,
  relativisticAverageLoss, saganRecipe, snganRecipe, wganGpRecipe, wganRecipe,
  type AdversarialTrainerOptions, type AugmentOptions, type DiscriminatorConditioning, type GanLoss, type GanModels,
  type GeneratorConditioning, type Normalization,
} from '../index.js';
import type { RunDataOptions } from './datasets.js';
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
 * is `hinge` (their default); `progan` (Karras et al. 2018) and `stylegan2` (Karras et al. 2020) on square
 * power-of-two images — then the image-to-image models.
 */
export const MODELS = ['mlp', 'dcgan', 'sagan', 'biggan', 'progan', 'stylegan2', ...TRANSLATION_MODELS] as const;
export type ModelName = (typeof MODELS)[number];

/** The embedded MNIST task each image-to-image model trains on when no data are given (SRGAN: the digits, shrunk by `--scale`). */
export const TRANSLATION_DATA: Readonly<Record<TranslationModelName, string>> = { cyclegan: 'mnist-strokes', pix2pix: 'mnist-edges', srgan: 'mnist' };

/** The model an embedded task's data set is for: `--data mnist-strokes` alone means `--model cyclegan`. */
export const TASK_MODELS: Readonly<Record<string, ModelName>> = { 'mnist-strokes': 'cyclegan', 'mnist-edges': 'pix2pix' };

/** Whether `model` is one of the image-to-image models. */
export function isTranslationModel(model: string): model is TranslationModelName {
  return (TRANSLATION_MODELS as readonly string[]).includes(model);
}

/** The models that need square images with a power-of-two side: the CLI pads other images (28×28 → 32×32). */
const POWER_OF_TWO_MODELS: readonly ModelName[] = ['progan', 'stylegan2'];

/** The ProGAN of `--model progan`, sized for a CPU: C(r) = min(⌊2048 / r⌋, 64) channels, 64 at every resolution up to 32×32. */
export const CLI_PROGAN = { channelBase: 2048, channelMax: 64 } as const;

/**
 * The StyleGAN2 of `--model stylegan2`, sized for a CPU: 2 mapping layers (the paper has 8) and at most 64 channels
 * per block (C(r) = min(⌊2048 / r⌋, 64): 64 at every resolution up to 32×32), StyleGAN2-ADA's CIFAR-10 layout scaled
 * down. Its training is {@link StyleGan2Algorithm}'s defaults.
 */
export const CLI_STYLEGAN2 = { mappingLayers: 2, channelBase: 2048, channelMax: 64 } as const;

/** The losses a ProGAN or StyleGAN2 run can train with: those without a recipe of their own (optimizers, critic steps, clipping). */
const PLAIN_LOSSES: readonly LossName[] = ['non-saturating', 'minimax', 'hinge', 'least-squares', 'relativistic-average'];

/** The differentiable augmentations `--augment` names (applied to every image D sees). */
export const AUGMENTATIONS = ['diffaugment', 'ada'] as const;
export type AugmentationName = (typeof AUGMENTATIONS)[number];

/**
 * ADA's settings on the command line: the paper's target r_t = 0.6 and interval of 4 batches, and a speed at which p
 * can rise from 0 to 1 within 50,000 images (780 steps of 64), since CLI runs are thousands of steps, not the paper's
 * millions of images.
 */
export const CLI_ADA = { target: 0.6, interval: 4, speedImages: 50_000 } as const;

/** How the data of a run are read: its settings, and the padding its model needs. */
export function runDataOptions(config: RunConfig): RunDataOptions {
  return {
    seed: config.seed, imageSize: config.imageSize, channels: config.channels, subset: config.subset,
    powerOfTwo: POWER_OF_TWO_MODELS.includes(config.model),
  };
}

/** The augmentation of `--augment`: DiffAugment's three groups at p = 1, or ADA's pipeline with an adaptive p. */
function augmentFor(augment: AugmentationName): AugmentOptions {
  return augment === 'ada' ? { augmentation: adaAugment(), ada: CLI_ADA } : { augmentation: diffAugment() };
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
  const settings = base.getConfig();
  base.dispose();
  checkAdamSettings(base, config);
  return adam(learningRate ?? Number(settings['learningRate']), beta1 ?? Number(settings['beta1']), beta2 ?? Number(settings['beta2']));
}

/** Whether the run trains with its model's own recipe: SAGAN or BigGAN with the hinge loss. */
function hasModelRecipe(config: RunConfig): boolean {
  return config.loss === 'hinge' && (config.model === 'sagan' || config.model === 'biggan');
}

/** A {@link UsageError} when `--beta1`/`--beta2` are given for an optimizer that is not Adam (`undefined`: Adam, the default). */
function checkAdamSettings(optimizer: tf.Optimizer | undefined, config: RunConfig): void {
  const { beta1, beta2 } = config;
  if ((beta1 === undefined && beta2 === undefined) || optimizer === undefined) return;
  const className = optimizer.getClassName();
  if (className !== 'Adam') {
    const [flag, value] = beta1 === undefined ? ['--beta2', beta2] : ['--beta1', beta1];
    throw new UsageError(`${flag} ${value} sets Adam's β, but --loss ${config.loss} trains with ${className}: drop ${flag}, or choose a --loss that trains with Adam`);
  }
}

/**
 * The trainer options of a SAGAN or BigGAN run with the hinge loss: its paper's recipe (`saganRecipe`, `bigganRecipe`
 * with the generator it regularizes). `undefined` for the other models and losses, which take {@link recipeFor}'s.
 */
function modelRecipe(config: RunConfig, models: GanModels): AdversarialTrainerOptions | undefined {
  if (!hasModelRecipe(config)) return undefined;
  const { discriminatorNormalization: _, ...recipe } = config.model === 'sagan' ? saganRecipe() : bigganRecipe(models.generator);
  return recipe;
}

/** The models of a run: the `--model` builder for the data's sample shape, with the run's width, latent size and seed. */
function buildModels(config: RunConfig, sampleShape: readonly number[], kind: 'points' | 'images', discriminatorNormalization: Normalization): GanModels & { readonly classes?: number | undefined } {
  const conditioning = config.conditioning;
  const { seed } = config;
  const width = config.width === undefined ? {} : { width: config.width };
  if (isTranslationModel(config.model)) {
    throw new UsageError(`--model ${config.model} translates images: its networks are built by the image-to-image setup, not as a GAN from noise`);
  }
  if (config.model === 'progan' || config.model === 'stylegan2') {
    throw new UsageError(`--model ${config.model} trains with its own algorithm, not as a GAN of fixed networks`);
  }
  if (config.model !== 'mlp' && kind === 'points') {
    throw new UsageError(`--model ${config.model} needs images, but --data '${config.data}' holds 2-D points: use --model mlp`);
  }
  const latentDim = latentDimOf(config);
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
  if (config.model !== 'mlp' && kind === 'points') {
    throw new UsageError(`--model ${config.model} needs images, but --data '${config.data}' holds 2-D points: use --model mlp`);
  }
  if (config.augment !== undefined && kind === 'points') {
    throw new UsageError(`--augment ${config.augment} transforms images, but --data '${config.data}' holds 2-D points: drop --augment`);
  }
  if (config.model === 'stylegan2' || config.model === 'progan') {
    const side = checkGrowingRun(config, sampleShape);
    const { loss } = recipeFor(config);
    return config.model === 'stylegan2' ? styleGan2Trainer(config, side, sampleShape[2]!, loss) : proGanTrainer(config, side, sampleShape[2]!, loss);
  }
  if (config.width !== undefined && config.model === 'mlp') {
    throw new UsageError(`--width ${config.width} sets the channels of an image model, but the run's model is 'mlp': use --g-units and --d-units, or choose --model dcgan, sagan or biggan`);
  }
  const { discriminatorNormalization, ...lossRecipe } = recipeFor(config);
  if (!hasModelRecipe(config)) {
    // Refused before any model is made (SAGAN's and BigGAN's own recipes train with Adam).
    for (const optimizer of [lossRecipe.generatorOptimizer, lossRecipe.discriminatorOptimizer]) checkAdamSettings(optimizer, config);
  }
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
    ...(config.augment === undefined ? {} : { augment: augmentFor(config.augment) }),
    seed: config.seed,
  };
  return config.conditioning === undefined ? new AdversarialTrainer(models, trainerOptions) : new ConditionalTrainer(models, trainerOptions);
}

/** The run's latent size: a GAN from noise has one (the settings give every such run a default). */
function latentDimOf(config: RunConfig): number {
  if (config.latentDim === undefined) throw new UsageError(`--model ${config.model} needs --latent-dim`);
  return config.latentDim;
}

/**
 * Checks a ProGAN or StyleGAN2 run's settings, which train with the algorithm's own optimizers and no class labels:
 * a {@link UsageError} names a setting it has no use for. Returns the side of its square images.
 */
function checkGrowingRun(config: RunConfig, sampleShape: readonly number[]): number {
  const model = `--model ${config.model}`;
  const refuse = (given: unknown, flag: string, why: string) => {
    if (given !== undefined) throw new UsageError(`${flag} ${String(given)} ${why}, which ${model} does not use: drop ${flag}, or use --model dcgan`);
  };
  if (config.conditioning !== undefined) throw new UsageError(`--conditional trains a class-conditional GAN, but ${model} is unconditional: drop --conditional, or use --model dcgan`);
  if (!PLAIN_LOSSES.includes(config.loss)) {
    throw new UsageError(`--loss ${config.loss} brings its own optimizers or critic steps, which ${model} does not use: choose one of ${PLAIN_LOSSES.join(', ')}`);
  }
  refuse(config.beta1, '--beta1', "sets Adam's β₁ (the model's training uses 0)");
  refuse(config.beta2, '--beta2', "sets Adam's β₂ (the model's training sets it)");
  refuse(config.discriminatorSteps, '--d-steps', 'sets critic steps per generator step');
  refuse(config.width, '--width', 'sets the channels of a DCGAN, SAGAN or BigGAN');
  refuse(config.ema, '--ema', "keeps a moving average of G's weights (StyleGAN2 keeps its own, decay 0.995)");
  if (config.model === 'progan') refuse(config.augment, '--augment', 'augments the images D sees');
  const [height, width] = sampleShape;
  if (sampleShape.length !== 3 || height !== width) {
    throw new UsageError(`${model} needs square images, but the samples have shape ${sampleShape.join('×')}: use --image-size, or --model dcgan`);
  }
  return height!;
}

/**
 * The trainer of a `--model progan` run: {@link ProGanAlgorithm} growing a {@link CLI_PROGAN} ProGAN from 4×4 to the
 * images' side, `--images-per-phase` images per fade-in and per stabilization, Adam(`--lr`, 0, 0.99) reset at each
 * growth, R1 with γ = `--r1` when given.
 */
function proGanTrainer(config: RunConfig, side: number, channels: number, loss: GanLoss | undefined): AdversarialTrainer {
  const gan = new ProGAN({ resolution: 4, channels, latentDim: latentDimOf(config), ...CLI_PROGAN, seed: config.seed });
  const algorithm = new ProGanAlgorithm(gan, {
    finalResolution: side,
    imagesPerPhase: config.imagesPerPhase ?? 9000,
    ...(loss === undefined ? {} : { loss }),
    ...(config.r1 === undefined ? {} : { regularizers: [r1Regularizer({ weight: config.r1 })] }),
    ...(config.learningRate === undefined ? {} : { learningRate: config.learningRate }),
  });
  return new AdversarialTrainer(algorithm, { seed: config.seed });
}

/**
 * The trainer of a `--model stylegan2` run: {@link StyleGan2Algorithm} (lazy R1 with γ = `--r1`, none without; path
 * length; style mixing; EMA; Adam with the lazy-regularization correction at `--lr`) on a {@link CLI_STYLEGAN2}
 * StyleGAN2 for square power-of-two images.
 */
function styleGan2Trainer(config: RunConfig, side: number, channels: number, loss: GanLoss | undefined): AdversarialTrainer {
  const gan = new StyleGAN2({ resolution: side, channels, latentDim: latentDimOf(config), ...CLI_STYLEGAN2, seed: config.seed });
  const algorithm = new StyleGan2Algorithm(gan, {
    ...(loss === undefined ? {} : { loss }),
    r1Gamma: config.r1 ?? 0,
    ...(config.learningRate === undefined ? {} : { learningRate: config.learningRate }),
    ...(config.augment === undefined ? {} : { augment: augmentFor(config.augment) }),
  });
  return new AdversarialTrainer(algorithm, { seed: config.seed });
}
