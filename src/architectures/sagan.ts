import * as tfl from '@tensorflow/tfjs-layers';
import { SelfAttention } from '../layers/self_attention.js';
import { SeededRandom } from '../utils/random.js';
import { checkOptionsObject, checkPositiveInteger, checkSeed } from './builder_checks.js';
import { conditionalDiscriminator, conditionalGenerator, planConditioning, type ConditioningOptions } from './conditioning.js';
import { checkStridedImageShape } from './dcgan.js';
import type { GanModels } from './gan_models.js';
import { LayerFactory } from './layer_factory.js';

/** Options of {@link SAGAN}. */
export interface SAGANOptions {
  /**
   * `[height, width, channels]` of the images, integers ≥ 1, with height and width as for {@link DCGAN}: both
   * divisible by 4 and at least 12 (28, 32, 48, 64, 128, …).
   */
  imageShape: readonly number[];
  /** Size of the latent vector z ~ N(0, I); an integer ≥ 1. Default 128 (SAGAN's). */
  latentDim?: number;
  /** Filters of the widest-resolution convolution, doubled towards the base grid as in {@link DCGAN}. Default 64. */
  width?: number;
  /**
   * The height of the feature maps after which a {@link SelfAttention} block runs in each network: one of the
   * resolutions both pass through, from twice the base grid to height / 2 (8 or 16 for 32×32 images). Default
   * height / 2.
   */
  attentionResolution?: number;
  /**
   * A class-conditional build as for {@link DCGAN} (see {@link ConditioningOptions}). SAGAN's own is
   * `{ classes, generator: 'conditional-batchnorm', discriminator: 'projection' }`. Unconditional when omitted.
   */
  conditioning?: ConditioningOptions;
  /** Seed of every initialiser: the same seed gives identical initial weights. Unseeded when omitted. */
  seed?: number;
}

/**
 * The Self-Attention GAN of Zhang, Goodfellow, Metaxas and Odena 2018 ("Self-Attention Generative Adversarial
 * Networks", arXiv:1805.08318), in the DCGAN layout of {@link DCGAN} for small images: with w = `width`, n stride-2
 * stages and a base grid b = imageShape / 2ⁿ,
 *
 * - G: z → Dense(b_h·b_w·w·2ⁿ⁻¹) → BN → ReLU → reshape → n−1 × [ConvTranspose(halving filters, kernel 4, stride 2) →
 *   BN → ReLU] → ConvTranspose(channels, kernel 4, stride 2) → tanh;
 * - D: x → n × [Conv(doubling filters from w, kernel 4, stride 2) → LeakyReLU(0.1)] → flatten → Dense(1), a logit;
 * - **spectral normalization** on every Dense and convolution of **both** networks (G keeps its batch
 *   normalization), and a {@link SelfAttention} block (spectrally normalized, γ starting at 0) after the layer
 *   that reaches `attentionResolution` in each network.
 *
 * Kernels are Glorot-uniform. Train with the hinge loss and the two time-scale update rule (Heusel et al. 2017,
 * arXiv:1706.08500): Adam with β₁ = 0, β₂ = 0.9, learning rates 4e-4 for D and 1e-4 for G.
 *
 * @example
 * ```ts
 * const gan = new SAGAN({ imageShape: [32, 32, 3], seed: 1 }); // attention at 16×16 in G and D
 * const conditional = new SAGAN({
 *   imageShape: [32, 32, 3],
 *   conditioning: { classes: 9, generator: 'conditional-batchnorm', discriminator: 'projection' },
 * });
 * ```
 */
export class SAGAN implements GanModels {
  /** G: `[batch, latentDim]` (conditional: `[z, labels]`) → `[batch, height, width, channels]` in [−1, 1]. */
  readonly generator: tfl.LayersModel;
  /** D: `[batch, height, width, channels]` (conditional: `[x, labels]`) → `[batch, 1]` logits. */
  readonly discriminator: tfl.LayersModel;
  /** The size of z. */
  readonly latentDim: number;
  /** The number of classes of a conditional build; `undefined` otherwise. */
  readonly classes: number | undefined;

  /**
   * @param options - see {@link SAGANOptions}.
   * @throws Error naming the option if the images cannot be built or another option is out of range; nothing is
   *   built then.
   */
  constructor(options: SAGANOptions) {
    checkOptionsObject(options, 'SAGAN', '{ imageShape: [32, 32, 3] }');
    const { imageShape, stages } = checkStridedImageShape(options.imageShape, 'SAGAN');
    const [height = 0, imageWidth = 0, channels = 0] = imageShape;
    const latentDim = checkPositiveInteger(options.latentDim, 'SAGAN: options.latentDim', 128);
    const width = checkPositiveInteger(options.width, 'SAGAN: options.width', 64);
    const seed = checkSeed(options.seed, 'SAGAN: options.seed');
    const [baseH, baseW] = [height / 2 ** stages, imageWidth / 2 ** stages];
    // The heights after G's hidden stages and D's stages that both networks share: base·2 … height/2.
    const shared = Array.from({ length: stages - 1 }, (_, k) => baseH * 2 ** (k + 1));
    const attentionAt = options.attentionResolution ?? height / 2;
    if (!shared.includes(attentionAt)) {
      throw new Error(`SAGAN: options.attentionResolution must be one of ${JSON.stringify(shared)} (the heights both networks pass through for ${JSON.stringify(imageShape)}), but got ${String(attentionAt)}.`);
    }
    const plan = options.conditioning === undefined
      ? undefined
      : planConditioning(options.conditioning, { builder: 'SAGAN', latentDim, sampleShape: imageShape, layout: 'image', generatorNormalization: 'batch', seed });

    const factory = new LayerFactory({ seed, kernelStddev: undefined, gammaStddev: undefined });
    const seeds = seed === undefined ? undefined : new SeededRandom(`${seed}/sagan`);
    const attention = () => new SelfAttention({ spectralNormalization: true, ...(seeds === undefined ? {} : { seed: Math.floor(seeds.uniform() * 2 ** 31) }) });
    const conv = (kind: 'conv2d' | 'conv2dTranspose', filters: number) => ({ kind, filters, kernelSize: 4, strides: 2 }) as const;
    const filtersAt = (stage: number) => width * 2 ** stage;

    // G: spectrally normalized kernels without bias, each followed by batch normalization and ReLU.
    const g: tfl.layers.Layer[] = [
      factory.kernelLayer({ kind: 'dense', units: baseH * baseW * filtersAt(stages - 1) }, 'spectral', false, [plan?.generatorInputSize ?? latentDim]),
      factory.batchNorm(),
      tfl.layers.reLU(),
      tfl.layers.reshape({ targetShape: [baseH, baseW, filtersAt(stages - 1)] }),
    ];
    for (let stage = stages - 2; stage >= 0; stage--) {
      g.push(factory.kernelLayer(conv('conv2dTranspose', filtersAt(stage)), 'spectral', false), factory.batchNorm(), tfl.layers.reLU());
      if (baseH * 2 ** (stages - 1 - stage) === attentionAt) g.push(attention());
    }
    g.push(factory.kernelLayer(conv('conv2dTranspose', channels), 'spectral', true), tfl.layers.activation({ activation: 'tanh' }));

    // D: spectrally normalized convolutions with bias and LeakyReLU(0.1).
    const d: tfl.layers.Layer[] = [];
    for (let stage = 0; stage < stages; stage++) {
      d.push(factory.kernelLayer(conv('conv2d', filtersAt(stage)), 'spectral', true, stage === 0 ? plan?.discriminatorInputShape ?? imageShape : undefined));
      d.push(tfl.layers.leakyReLU({ alpha: 0.1 }));
      if (height / 2 ** (stage + 1) === attentionAt) d.push(attention());
    }
    d.push(tfl.layers.flatten());
    const head = factory.kernelLayer({ kind: 'dense', units: 1 }, 'spectral', true);

    if (plan === undefined) {
      this.generator = tfl.sequential({ layers: g, name: 'generator' });
      this.discriminator = tfl.sequential({ layers: [...d, head], name: 'discriminator' });
    } else {
      const classHead = plan.discriminator === 'acgan' ? factory.kernelLayer({ kind: 'dense', units: plan.classes }, 'spectral', true) : undefined;
      this.generator = conditionalGenerator(plan, g, latentDim);
      this.discriminator = conditionalDiscriminator(plan, d, head, classHead);
    }
    this.latentDim = latentDim;
    this.classes = plan?.classes;
  }
}
