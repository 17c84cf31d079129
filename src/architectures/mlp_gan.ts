import * as tfl from '@tensorflow/tfjs-layers';
import { Packing } from '../layers/packing.js';
import { checkOneOf, checkOptionsObject, checkPacking, checkPositiveInteger, checkPositiveIntegers, checkSeed } from './builder_checks.js';
import { conditionalDiscriminator, conditionalGenerator, planConditioning, type ConditioningOptions } from './conditioning.js';
import type { GanModels } from './gan_models.js';
import { LayerFactory } from './layer_factory.js';
import { checkNormalization, type Normalization } from './normalization.js';

/** Options of {@link MLPGAN}. */
export interface MLPGANOptions {
  /** Shape of one sample without the batch axis, integers ≥ 1: `[2]` for points in the plane, `[784]` or `[28, 28, 1]` for MNIST. */
  sampleShape: readonly number[];
  /** Size of the latent vector z ~ N(0, I); an integer ≥ 1. Default 100. */
  latentDim?: number;
  /** Widths of the generator's hidden Dense layers, input side first. Default `[256, 512, 1024]`. */
  generatorUnits?: readonly number[];
  /** Widths of the discriminator's hidden Dense layers, input side first. Default `[512, 256]`. */
  discriminatorUnits?: readonly number[];
  /** Normalization of the generator's hidden layers. Default `'none'`. */
  generatorNormalization?: Normalization;
  /**
   * Normalization of the discriminator: `'batch'` normalizes every hidden layer but the first; `'spectral'` wraps
   * every Dense layer including the output. Default `'none'`.
   */
  discriminatorNormalization?: Normalization;
  /**
   * Activation of the generator's hidden layers: `'leakyRelu'` (slope 0.2 below zero, the tutorials' MLP GAN) or
   * `'relu'` (PacGAN's 2-D generator, Lin et al. 2018, arXiv 1712.04086, whose flat pieces let it map whole regions
   * of the latent space onto one narrow mode). Default `'leakyRelu'`. The discriminator always uses LeakyReLU 0.2.
   */
  generatorActivation?: 'leakyRelu' | 'relu';
  /** The generator's output activation: `'tanh'` for data scaled to [−1, 1] (images), `'linear'` for unbounded data such as 2-D points. Default `'tanh'`. */
  outputActivation?: 'tanh' | 'linear';
  /** Seed of every weight initialiser (and of spectral normalization's u): the same seed gives identical initial weights. Unseeded when omitted. */
  seed?: number;
  /**
   * Builds a class-conditional GAN (see {@link ConditioningOptions}): G takes `[z, labels]`, D takes `[x, labels]`
   * (or returns class logits as well, for `'acgan'`). Unconditional when omitted.
   */
  conditioning?: ConditioningOptions;
  /**
   * PacGAN packing (Lin et al. 2018, arXiv 1712.04086): D judges m samples at once, concatenated along the last
   * axis by a {@link Packing} layer, and returns one logit per pack `[batch / m, 1]`; train with a batch size divisible
   * by m. An integer ≥ 1, default 1 (no packing). Not combinable with `conditioning`.
   */
  packing?: number;
}

const OUTPUT_ACTIVATIONS = ['tanh', 'linear'] as const;
const HIDDEN_ACTIVATIONS = ['leakyRelu', 'relu'] as const;

/**
 * The fully connected GAN of Goodfellow et al. 2014 ("Generative Adversarial Nets", arXiv:1406.2661) in the form of
 * the MNIST tutorials:
 * - G: z → Dense(u₁) → LeakyReLU(0.2) → … → Dense(uₖ) → LeakyReLU(0.2) → Dense(∏ sampleShape) → tanh (or linear) → reshape;
 * - D: x → flatten → Dense(u₁) → LeakyReLU(0.2) → … → Dense(1), a logit (positive means "real").
 *
 * With the defaults and `sampleShape: [784]` this is exactly the MLP-GAN workload of gan-kit's benchmark
 * (G 100 → 256 → 512 → 1024 → 784, D 784 → 512 → 256 → 1). Weights use tfjs-layers' Glorot-uniform initialiser.
 *
 * @example
 * ```ts
 * const ring = new MLPGAN({ sampleShape: [2], latentDim: 2, generatorUnits: [128, 128], discriminatorUnits: [128, 128], outputActivation: 'linear', seed: 1 });
 * const mnist = new MLPGAN({ sampleShape: [28, 28, 1] });   // the vanilla MNIST tutorial GAN
 * ```
 */
export class MLPGAN implements GanModels {
  /** G: `[batch, latentDim]` → `[batch, ...sampleShape]`. */
  readonly generator: tfl.LayersModel;
  /** D: `[batch, ...sampleShape]` → `[batch, 1]` logits. */
  readonly discriminator: tfl.LayersModel;
  /** The size of the latent vector z. */
  readonly latentDim: number;
  /** The number of classes of a conditional build ({@link MLPGANOptions.conditioning}); `undefined` otherwise. */
  readonly classes: number | undefined;

  /**
   * @param options - see {@link MLPGANOptions}.
   * @throws Error naming the option if `sampleShape`, `latentDim`, a units list, a normalization, `outputActivation`
   *   or `seed` is invalid; nothing is built then.
   */
  constructor(options: MLPGANOptions) {
    checkOptionsObject(options, 'MLPGAN', '{ sampleShape: [2] }');
    const sampleShape = checkPositiveIntegers(options.sampleShape, 'MLPGAN: options.sampleShape');
    const latentDim = checkPositiveInteger(options.latentDim, 'MLPGAN: options.latentDim', 100);
    const generatorUnits = checkPositiveIntegers(options.generatorUnits, 'MLPGAN: options.generatorUnits', [256, 512, 1024]);
    const discriminatorUnits = checkPositiveIntegers(options.discriminatorUnits, 'MLPGAN: options.discriminatorUnits', [512, 256]);
    const gNorm = checkNormalization(options.generatorNormalization, 'MLPGAN: options.generatorNormalization', 'none');
    const dNorm = checkNormalization(options.discriminatorNormalization, 'MLPGAN: options.discriminatorNormalization', 'none');
    const outputActivation = checkOneOf(options.outputActivation, 'MLPGAN: options.outputActivation', OUTPUT_ACTIVATIONS, 'tanh');
    const generatorActivation = checkOneOf(options.generatorActivation, 'MLPGAN: options.generatorActivation', HIDDEN_ACTIVATIONS, 'leakyRelu');
    const seed = checkSeed(options.seed, 'MLPGAN: options.seed');
    const packing = checkPacking(options.packing, options.conditioning, 'MLPGAN');
    const plan = options.conditioning === undefined
      ? undefined
      : planConditioning(options.conditioning, { builder: 'MLPGAN', latentDim, sampleShape, layout: 'flat', generatorNormalization: gNorm, seed });

    const factory = new LayerFactory({ seed, kernelStddev: undefined, gammaStddev: undefined });
    const sampleSize = sampleShape.reduce((a, b) => a * b, 1);
    const leaky = () => tfl.layers.leakyReLU({ alpha: 0.2 });

    const gActivation = () => (generatorActivation === 'relu' ? tfl.layers.reLU() : leaky());
    const g: tfl.layers.Layer[] = generatorUnits.flatMap((units, i) =>
      factory.hiddenBlock({ kind: 'dense', units }, gNorm, gActivation(), i === 0 ? { inputShape: [plan?.generatorInputSize ?? latentDim] } : {}),
    );
    g.push(factory.outputLayer({ kind: 'dense', units: sampleSize }, gNorm), tfl.layers.activation({ activation: outputActivation }));
    if (sampleShape.length > 1) g.push(tfl.layers.reshape({ targetShape: sampleShape }));

    // A conditional 'concat' discriminator flattens and joins the label embedding itself.
    const flattenFirst = sampleShape.length > 1 && plan?.discriminator !== 'concat';
    const d: tfl.layers.Layer[] = packing > 1
      ? [new Packing({ samples: packing, inputShape: sampleShape }), ...(sampleShape.length > 1 ? [tfl.layers.flatten()] : [])]
      : flattenFirst ? [tfl.layers.flatten({ inputShape: sampleShape })] : [];
    discriminatorUnits.forEach((units, i) => {
      d.push(
        ...factory.hiddenBlock({ kind: 'dense', units }, dNorm, leaky(), {
          skipBatchNorm: i === 0,
          ...(d.length === 0 ? { inputShape: plan?.discriminatorInputShape ?? sampleShape } : {}),
        }),
      );
    });
    const head = factory.outputLayer({ kind: 'dense', units: 1 }, dNorm);

    if (plan === undefined) {
      this.generator = tfl.sequential({ layers: g, name: 'generator' });
      this.discriminator = tfl.sequential({ layers: [...d, head], name: 'discriminator' });
    } else {
      const classHead = plan.discriminator === 'acgan' ? factory.outputLayer({ kind: 'dense', units: plan.classes }, dNorm) : undefined;
      this.generator = conditionalGenerator(plan, g, latentDim);
      this.discriminator = conditionalDiscriminator(plan, d, head, classHead);
    }
    this.latentDim = latentDim;
    this.classes = plan?.classes;
  }
}
