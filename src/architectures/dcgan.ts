import * as tfl from '@tensorflow/tfjs-layers';
import type { SpectralNormalization } from '../layers/spectral_normalization.js';
import { Packing } from '../layers/packing.js';
import { checkOptionsObject, checkPacking, checkPositiveInteger, checkPositiveIntegers, checkSeed } from './builder_checks.js';
import { conditionalDiscriminator, conditionalGenerator, planConditioning, type ConditioningOptions } from './conditioning.js';
import type { GanModels } from './gan_models.js';
import { LayerFactory } from './layer_factory.js';
import { checkNormalization, type Normalization } from './normalization.js';

/** Options of {@link DCGAN}. */
export interface DCGANOptions {
  /**
   * `[height, width, channels]` of the images, integers ≥ 1. Height and width must both be divisible by 4 and at least
   * 12: the builder uses the largest number n ≥ 2 of stride-2 stages that divides both into a base grid of at least
   * 3×3 (28 → 7×7 and 2 stages, 32 → 4×4 and 3, 64 → 4×4 and 4, 128 → 4×4 and 5).
   */
  imageShape: readonly number[];
  /** Size of the latent vector z ~ N(0, I); an integer ≥ 1. Default 100. */
  latentDim?: number;
  /**
   * Filters of the widest-resolution convolution (the DCGAN paper's 64); an integer ≥ 1. The other stages double it
   * towards the base grid: G starts from width·2ⁿ⁻¹ channels, D ends with width·2ⁿ⁻¹. Default 64.
   */
  width?: number;
  /** Normalization of the generator's hidden layers. Default `'batch'` (as in the DCGAN paper). */
  generatorNormalization?: Normalization;
  /**
   * Normalization of the discriminator: `'batch'` normalizes every convolution but the first (DCGAN); `'spectral'`
   * wraps every convolution and the output Dense in {@link SpectralNormalization} (SN-GAN); `'none'`. Default `'batch'`.
   */
  discriminatorNormalization?: Normalization;
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

const IMAGE_SHAPE_EXAMPLES = '[28, 28, 1], [32, 32, 3], [64, 64, 3], [48, 48, 3], [128, 128, 3]';

/** The number of stride-2 stages for an image: the largest n ≥ 2 with both sides divisible by 2ⁿ into at least 3; undefined if none. */
function stageCount(height: number, width: number): number | undefined {
  let stages: number | undefined;
  for (let n = 2; height % 2 ** n === 0 && width % 2 ** n === 0 && Math.min(height, width) / 2 ** n >= 3; n++) stages = n;
  return stages;
}

/**
 * Checks the `imageShape` option of a builder with DCGAN's stride-2 layout and returns it with its number of stages
 * (see {@link DCGANOptions.imageShape}); `builder` names the class in the error.
 */
export function checkStridedImageShape(value: unknown, builder: string): { imageShape: number[]; stages: number } {
  const imageShape = checkPositiveIntegers(value, `${builder}: options.imageShape`);
  const [height = 0, width = 0] = imageShape;
  const stages = imageShape.length === 3 ? stageCount(height, width) : undefined;
  if (stages === undefined) {
    throw new Error(
      `${builder}: options.imageShape ${JSON.stringify(imageShape)} cannot be built: it must be [height, width, channels] with ` +
        `height and width both divisible by 4 and at least 12, e.g. ${IMAGE_SHAPE_EXAMPLES}. Resize or pad the images to such a size.`,
    );
  }
  return { imageShape, stages };
}

/**
 * The deep convolutional GAN of Radford, Metz and Chintala 2015 ("Unsupervised Representation Learning with Deep
 * Convolutional Generative Adversarial Networks", arXiv:1511.06434), for any image size that halves n ≥ 2 times
 * (see {@link DCGANOptions.imageShape}). With w = `width` and a base grid b = imageShape / 2ⁿ:
 * - G: z → Dense(b_h·b_w·w·2ⁿ⁻¹, no bias) → BN → ReLU → reshape → n−1 × [ConvTranspose(halving filters, kernel 4,
 *   stride 2, 'same', no bias) → BN → ReLU] → ConvTranspose(channels, kernel 4, stride 2, 'same') → tanh;
 * - D: x → Conv(w, kernel 4, stride 2, 'same') → LeakyReLU(0.2) → n−1 × [Conv(doubling filters, kernel 4, stride 2,
 *   'same', no bias) → BN → LeakyReLU(0.2)] → flatten → Dense(1), a logit (positive means "real"). The final Dense over
 *   the base grid is the paper's last full-size convolution.
 *
 * For 64×64 this is the paper's layout (G 512 → 256 → 128 → 64 → c from 4×4, D 64 → 128 → 256 → 512 → 1); for 28×28
 * with the defaults it is exactly the DCGAN-28 workload of gan-kit's benchmark. Kernels (convolutions and Dense) are
 * initialised N(0, 0.02) and batch normalization's γ N(1, 0.02), as in the paper. Without batch normalization
 * ('spectral' or 'none') every kernel layer has a bias.
 *
 * @example
 * ```ts
 * const gan = new DCGAN({ imageShape: [28, 28, 1], latentDim: 100, seed: 42 });   // gan.generator, gan.discriminator
 * const sngan = new DCGAN({ imageShape: [32, 32, 3], discriminatorNormalization: 'spectral' });
 * ```
 */
export class DCGAN implements GanModels {
  /** G: `[batch, latentDim]` → `[batch, height, width, channels]` in [−1, 1]. */
  readonly generator: tfl.LayersModel;
  /** D: `[batch, height, width, channels]` → `[batch, 1]` logits. */
  readonly discriminator: tfl.LayersModel;
  /** The size of the latent vector z. */
  readonly latentDim: number;
  /** The number of classes of a conditional build ({@link DCGANOptions.conditioning}); `undefined` otherwise. */
  readonly classes: number | undefined;

  /**
   * @param options - see {@link DCGANOptions}.
   * @throws Error naming the option if `imageShape` cannot be built, or `latentDim`, `width`, a normalization or `seed`
   *   is invalid; nothing is built then.
   */
  constructor(options: DCGANOptions) {
    checkOptionsObject(options, 'DCGAN', '{ imageShape: [28, 28, 1] }');
    const { imageShape, stages } = checkStridedImageShape(options.imageShape, 'DCGAN');
    const [height = 0, imageWidth = 0, channels = 0] = imageShape;
    const latentDim = checkPositiveInteger(options.latentDim, 'DCGAN: options.latentDim', 100);
    const width = checkPositiveInteger(options.width, 'DCGAN: options.width', 64);
    const gNorm = checkNormalization(options.generatorNormalization, 'DCGAN: options.generatorNormalization', 'batch');
    const dNorm = checkNormalization(options.discriminatorNormalization, 'DCGAN: options.discriminatorNormalization', 'batch');
    const seed = checkSeed(options.seed, 'DCGAN: options.seed');
    const packing = checkPacking(options.packing, options.conditioning, 'DCGAN');
    const plan = options.conditioning === undefined
      ? undefined
      : planConditioning(options.conditioning, { builder: 'DCGAN', latentDim, sampleShape: imageShape, layout: 'image', generatorNormalization: gNorm, seed });

    const factory = new LayerFactory({ seed, kernelStddev: 0.02, gammaStddev: 0.02 });
    const conv = (kind: 'conv2d' | 'conv2dTranspose', filters: number) => ({ kind, filters, kernelSize: 4, strides: 2 }) as const;
    const filtersAt = (stage: number) => width * 2 ** stage;
    const [baseH, baseW] = [height / 2 ** stages, imageWidth / 2 ** stages];

    const g: tfl.layers.Layer[] = [
      ...factory.hiddenBlock({ kind: 'dense', units: baseH * baseW * filtersAt(stages - 1) }, gNorm, tfl.layers.reLU(), {
        inputShape: [plan?.generatorInputSize ?? latentDim],
      }),
      tfl.layers.reshape({ targetShape: [baseH, baseW, filtersAt(stages - 1)] }),
    ];
    for (let stage = stages - 2; stage >= 0; stage--) {
      g.push(...factory.hiddenBlock(conv('conv2dTranspose', filtersAt(stage)), gNorm, tfl.layers.reLU()));
    }
    g.push(factory.outputLayer(conv('conv2dTranspose', channels), gNorm), tfl.layers.activation({ activation: 'tanh' }));

    const d: tfl.layers.Layer[] = packing > 1 ? [new Packing({ samples: packing, inputShape: imageShape })] : [];
    for (let stage = 0; stage < stages; stage++) {
      const firstInput = packing > 1 ? {} : { inputShape: plan?.discriminatorInputShape ?? imageShape };
      const placement = stage === 0 ? { skipBatchNorm: true, ...firstInput } : {};
      d.push(...factory.hiddenBlock(conv('conv2d', filtersAt(stage)), dNorm, tfl.layers.leakyReLU({ alpha: 0.2 }), placement));
    }
    d.push(tfl.layers.flatten());
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
