// What the playground trains, as one plain object, and how it becomes gan-kit models and a trainer. Everything here
// is gan-kit's public API: the builders, the losses, the regularizers, adam() and the two trainers.
import {
  AdversarialTrainer, ConditionalTrainer, DCGAN, MLPGAN, adam, draganRegularizer, gradientPenaltyRegularizer, hingeLoss,
  leastSquaresLoss, minimaxLoss, nonSaturatingLoss, r1Regularizer, r2Regularizer, relativisticAverageLoss, wassersteinLoss,
  type AdversarialTrainerOptions, type ConditionalTrainerOptions, type DiscriminatorRegularizer, type GanLoss, type GanModels,
} from 'gan-kit';
import type { BackendName } from './backends.js';
import type { DataName } from './datasets.js';

export const MODEL_NAMES = ['mlp', 'dcgan'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/** The losses offered, by the names the `gan-kit` command uses. */
export const LOSSES: Readonly<Record<string, () => GanLoss>> = {
  'non-saturating': () => nonSaturatingLoss(),
  minimax: () => minimaxLoss(),
  wasserstein: () => wassersteinLoss(),
  hinge: () => hingeLoss(),
  'least-squares': () => leastSquaresLoss(),
  'relativistic-average': () => relativisticAverageLoss(),
};

/** The regularizers offered: penalties on D's loss, or WGAN weight clipping (its weight is the clip c). */
export const REGULARIZERS = ['none', 'r1', 'r2', 'wgan-gp', 'dragan', 'weight-clip'] as const;
export type RegularizerName = (typeof REGULARIZERS)[number];

/** Everything the training tab lets a person choose. */
export interface Settings {
  readonly data: DataName;
  readonly model: ModelName;
  readonly latentDim: number;
  /** MLP: hidden widths, input side first. */
  readonly generatorUnits: readonly number[];
  readonly discriminatorUnits: readonly number[];
  /** DCGAN: filters of the widest-resolution convolution. */
  readonly width: number;
  /** Class-conditional (MNIST only): projection discriminator, generator with the label embedded and concatenated. */
  readonly conditional: boolean;
  readonly loss: string;
  readonly regularizer: RegularizerName;
  /** γ of R1/R2, λ of WGAN-GP/DRAGAN, c of weight clipping. */
  readonly regularizerWeight: number;
  readonly generatorLearningRate: number;
  readonly discriminatorLearningRate: number;
  /** Adam's β₁ for both networks. */
  readonly beta1: number;
  /** k, discriminator updates per generator update. */
  readonly discriminatorSteps: number;
  readonly batchSize: number;
  /** Seed of the weights, the data and the noise. */
  readonly seed: number;
  readonly backend: BackendName;
}

/** The settings a data set starts with (ring8's follow the `gan-kit train` recipe, scaled down to train live). */
export function defaultSettings(data: DataName, backend: BackendName): Settings {
  const common = { data, backend, seed: 1, conditional: false, loss: 'non-saturating', beta1: 0.5, discriminatorSteps: 1, width: 16 } as const;
  if (data === 'mnist') {
    return {
      ...common, model: 'dcgan', latentDim: 32, generatorUnits: [128, 256], discriminatorUnits: [256, 128],
      regularizer: 'none', regularizerWeight: 1, generatorLearningRate: 2e-4, discriminatorLearningRate: 2e-4, batchSize: 32,
    };
  }
  const units = data === 'grid25' ? [128, 128] : [64, 64];
  return {
    ...common, model: 'mlp', latentDim: 2, generatorUnits: units, discriminatorUnits: units,
    regularizer: 'r1', regularizerWeight: 1, generatorLearningRate: 1e-3, discriminatorLearningRate: 1e-3, batchSize: 256,
  };
}

/** The models and trainer built from {@link Settings}. */
export interface TrainingSetup {
  readonly models: GanModels & { readonly classes?: number | undefined };
  readonly trainer: AdversarialTrainer;
}

function regularizersOf(settings: Settings): DiscriminatorRegularizer[] {
  const weight = settings.regularizerWeight;
  switch (settings.regularizer) {
    case 'r1': return [r1Regularizer({ weight })];
    case 'r2': return [r2Regularizer({ weight })];
    case 'wgan-gp': return [gradientPenaltyRegularizer({ weight })];
    case 'dragan': return [draganRegularizer({ weight })];
    case 'none':
    case 'weight-clip':
      return [];
  }
}

/** Builds the networks and the trainer; throws gan-kit's own message when the combination is refused. */
export function buildTrainer(settings: Settings, imageShape: readonly number[] | undefined): TrainingSetup {
  const { seed, latentDim } = settings;
  const conditioning = settings.conditional ? { classes: 10, discriminator: 'projection', generator: 'concat' } as const : undefined;
  if (settings.conditional && imageShape === undefined) throw new Error('Conditional models need labelled data: choose mnist.');
  if (settings.model === 'dcgan' && imageShape === undefined) throw new Error('DCGAN generates images: choose mnist, or the MLP for 2-D points.');
  const models = settings.model === 'dcgan'
    ? new DCGAN({ imageShape: imageShape!, latentDim, width: settings.width, seed, ...(conditioning === undefined ? {} : { conditioning }) })
    : new MLPGAN({
      sampleShape: imageShape ?? [2], latentDim, seed,
      generatorUnits: settings.generatorUnits, discriminatorUnits: settings.discriminatorUnits,
      outputActivation: imageShape === undefined ? 'linear' : 'tanh',
      ...(conditioning === undefined ? {} : { conditioning }),
    });
  const lossFactory = LOSSES[settings.loss];
  try {
    if (lossFactory === undefined) throw new Error(`Unknown loss '${settings.loss}'; choose one of ${Object.keys(LOSSES).join(', ')}.`);
    const options: AdversarialTrainerOptions = {
      loss: lossFactory(),
      generatorOptimizer: adam(settings.generatorLearningRate, settings.beta1),
      discriminatorOptimizer: adam(settings.discriminatorLearningRate, settings.beta1),
      discriminatorSteps: settings.discriminatorSteps,
      seed,
      ...(settings.regularizer === 'weight-clip' ? { weightClip: settings.regularizerWeight } : {}),
    };
    const regularizers = regularizersOf(settings);
    if (conditioning === undefined) return { models, trainer: new AdversarialTrainer(models, { ...options, regularizers }) };
    // ConditionalTrainer decides itself whether it accepts regularizers (and says why not), so they are passed on.
    const conditionalOptions = (regularizers.length === 0 ? options : { ...options, regularizers }) as ConditionalTrainerOptions;
    return { models, trainer: new ConditionalTrainer(models, conditionalOptions) };
  } catch (error) {
    models.generator.dispose();
    models.discriminator.dispose();
    throw error;
  }
}
