import * as tfl from '@tensorflow/tfjs-layers';
import { ReflectionPadding2D } from '../layers/reflection_padding_2d.js';
import { checkNonNegativeInteger, checkOptionsObject, checkPositiveInteger, checkSeed } from './builder_checks.js';
import { applyLayers, checkImageNormalization, checkImageShape, normalizedKernel, type ImageNormalization } from './image_normalization.js';
import { LayerFactory } from './layer_factory.js';
import { resnetBlockLayers } from './resnet_block.js';

/** Options of {@link resnetGenerator}. */
export interface ResnetGeneratorOptions {
  /** `[height, width, channels]` of the input images; height and width divisible by 2^`downsamplings` and at least 4. */
  readonly imageShape: readonly number[];
  /** Channels of the output images, an integer ≥ 1. Default: the input's channels. */
  readonly outputChannels?: number;
  /** Filters of the first convolution (the paper's 64); each down-sampling doubles them. An integer ≥ 1. Default 64. */
  readonly width?: number;
  /** Residual blocks at the lowest resolution: 9 in the paper for 256×256, 6 for 128×128; an integer ≥ 0. Default 9. */
  readonly blocks?: number;
  /** Stride-2 down-samplings (and as many up-samplings); an integer ≥ 0. Default 2. */
  readonly downsamplings?: number;
  /** Normalization after every hidden convolution. Default `'instance'`. */
  readonly normalization?: ImageNormalization;
  /** Seed of every weight initialiser: the same seed gives identical initial weights. Unseeded when omitted. */
  readonly seed?: number;
  /** The model's name. Default `'resnet-generator'`. */
  readonly name?: string;
}

/**
 * The ResNet generator of CycleGAN (Zhu, Park, Isola & Efros 2017, "Unpaired Image-to-Image Translation using
 * Cycle-Consistent Adversarial Networks", arXiv:1703.10593; the network of Johnson et al. 2016, arXiv:1603.08155).
 * With w = `width`, d = `downsamplings`, n = `blocks`, in the paper's notation:
 *
 *   c7s1-w, d2w, d4w, …, d(2^d·w), R(2^d·w) × n, u(2^(d−1)·w), …, uw, c7s1-C
 *
 * - c7s1-k: 3-pixel {@link ReflectionPadding2D}, 7×7 convolution with k filters, normalization, ReLU (the last one
 *   has a bias and ends in tanh instead, giving images in [−1, 1]);
 * - dk: 3×3 convolution, stride 2, 'same' padding, k filters, normalization, ReLU;
 * - Rk: a {@link resnetBlock} with k channels;
 * - uk: 3×3 transposed convolution, stride 2, 'same' padding, k filters, normalization, ReLU.
 *
 * The defaults are the paper's network for 256×256 images (`c7s1-64, d128, d256, R256×9, u128, u64, c7s1-3`, 11.4
 * million weights for RGB). For 28×28 or 32×32 images a much smaller one suffices, e.g. `width: 16, blocks: 3`
 * (the two down-samplings reach 7×7 or 8×8). Kernels are initialised N(0, 0.02), as in the reference code.
 *
 * @param options - see {@link ResnetGeneratorOptions}.
 * @returns a model `[batch, height, width, channels]` → `[batch, height, width, outputChannels]` in [−1, 1].
 * @throws an Error naming the option when the image shape cannot be built or an option is out of range.
 * @example
 * ```ts
 * const gAB = resnetGenerator({ imageShape: [28, 28, 1], width: 16, blocks: 3, seed: 1 });
 * const full = resnetGenerator({ imageShape: [256, 256, 3] });   // the paper's
 * ```
 */
export function resnetGenerator(options: ResnetGeneratorOptions): tfl.LayersModel {
  checkOptionsObject(options, 'resnetGenerator', '{ imageShape: [28, 28, 1] }');
  const [height, imageWidth, channels] = checkImageShape(options.imageShape, 'resnetGenerator: options.imageShape');
  const outputChannels = checkPositiveInteger(options.outputChannels, 'resnetGenerator: options.outputChannels', channels);
  const width = checkPositiveInteger(options.width, 'resnetGenerator: options.width', 64);
  const blocks = checkNonNegativeInteger(options.blocks, 'resnetGenerator: options.blocks', 9);
  const downsamplings = checkNonNegativeInteger(options.downsamplings, 'resnetGenerator: options.downsamplings', 2);
  const normalization = checkImageNormalization(options.normalization, 'resnetGenerator: options.normalization', 'instance');
  const seed = checkSeed(options.seed, 'resnetGenerator: options.seed');
  const factor = 2 ** downsamplings;
  const [lowH, lowW] = [height / factor, imageWidth / factor];
  if (!Number.isInteger(lowH) || !Number.isInteger(lowW) || Math.min(height, imageWidth) < 4 || (blocks > 0 && Math.min(lowH, lowW) < 2)) {
    throw new Error(
      `resnetGenerator: options.imageShape [${height}, ${imageWidth}, ${channels}] cannot be built with ${downsamplings} down-samplings: ` +
        `height and width must be divisible by ${factor}, at least 4, and (with residual blocks) at least ${2 * factor} so that the ` +
        'lowest resolution is at least 2×2 for the blocks’ reflection padding. Use fewer down-samplings or resize the images.',
    );
  }

  const factory = new LayerFactory({ seed, kernelStddev: 0.02, gammaStddev: 0.02 });
  const conv = (kind: 'conv2d' | 'conv2dTranspose', filters: number, kernelSize: number, strides: number, padding: 'same' | 'valid') =>
    ({ kind, filters, kernelSize, strides, padding }) as const;
  const hidden = (spec: ReturnType<typeof conv>) => normalizedKernel(factory, spec, normalization, { activation: tfl.layers.reLU() });

  const input = tfl.input({ shape: [height, imageWidth, channels], name: 'image' });
  let x = applyLayers(input, [new ReflectionPadding2D({ padding: 3 }), ...hidden(conv('conv2d', width, 7, 1, 'valid'))]);
  for (let i = 1; i <= downsamplings; i++) x = applyLayers(x, hidden(conv('conv2d', width * 2 ** i, 3, 2, 'same')));
  for (let i = 0; i < blocks; i++) x = resnetBlockLayers(factory, x, normalization);
  for (let i = downsamplings - 1; i >= 0; i--) x = applyLayers(x, hidden(conv('conv2dTranspose', width * 2 ** i, 3, 2, 'same')));
  const output = applyLayers(x, [
    new ReflectionPadding2D({ padding: 3 }),
    factory.kernel(conv('conv2d', outputChannels, 7, 1, 'valid'), { useBias: true, spectral: normalization === 'spectral' }),
    tfl.layers.activation({ activation: 'tanh' }),
  ]);
  return tfl.model({ inputs: input, outputs: output, name: options.name ?? 'resnet-generator' });
}
