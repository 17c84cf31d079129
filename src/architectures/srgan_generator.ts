import * as tfl from '@tensorflow/tfjs-layers';
import { PixelShuffle } from '../layers/pixel_shuffle.js';
import { checkNonNegativeInteger, checkOptionsObject, checkPositiveInteger, checkSeed } from './builder_checks.js';
import { applyLayers, checkImageNormalization, checkImageShape, normalizedKernel, type ImageNormalization } from './image_normalization.js';
import { LayerFactory } from './layer_factory.js';

/** Options of {@link srganGenerator}. */
export interface SrganGeneratorOptions {
  /** `[height, width, channels]` of the low-resolution input images. */
  readonly imageShape: readonly number[];
  /** The up-sampling factor: 2, 4 or 8 (one pixel-shuffle block per factor 2). Default 4 (the paper). */
  readonly scale?: number;
  /** Channels of the output images, an integer ≥ 1. Default: the input's channels. */
  readonly outputChannels?: number;
  /** Filters of every hidden convolution (the paper's 64), an integer ≥ 1. Default 64. */
  readonly width?: number;
  /** Residual blocks B (the paper's 16), an integer ≥ 0. Default 16. */
  readonly blocks?: number;
  /** Normalization inside the residual blocks and after the trunk. Default `'batch'` (the paper); `'none'` is EDSR's choice. */
  readonly normalization?: ImageNormalization;
  /** Seed of every weight initialiser. Unseeded when omitted. */
  readonly seed?: number;
  /** The model's name. Default `'srgan-generator'`. */
  readonly name?: string;
}

/** A PReLU with one slope per channel, initialised to 0.25 (He et al. 2015, arXiv:1502.01852). */
function prelu(): tfl.layers.Layer {
  return tfl.layers.prelu({ sharedAxes: [1, 2], alphaInitializer: tfl.initializers.constant({ value: 0.25 }) });
}

/**
 * The SRResNet generator of SRGAN (Ledig et al. 2017, "Photo-Realistic Single Image Super-Resolution Using a
 * Generative Adversarial Network", arXiv:1609.04802). With w = `width` and B = `blocks`, all convolutions with 'same'
 * padding and stride 1:
 *
 *   h₀ = PReLU(conv₉(x, w));  h = h₀;  B × [h = h + N(conv₃(PReLU(N(conv₃(h, w))), w))];  h = h₀ + N(conv₃(h, w));
 *   log₂(scale) × [h = PReLU(PixelShuffle₂(conv₃(h, 4w)))];  y = tanh(conv₉(h, outputChannels))
 *
 * where conv_k is a k×k convolution, N the normalization and PixelShuffle₂ the sub-pixel up-sampling of
 * {@link PixelShuffle}. PReLU slopes are per channel, initialised to 0.25; kernels N(0, 0.02). The defaults are the
 * paper's network (×4, 16 blocks, 64 filters); for 14×14 → 28×28 digits `scale: 2, blocks: 4, width: 32` is plenty.
 *
 * @param options - see {@link SrganGeneratorOptions}.
 * @returns a model `[batch, h, w, c]` → `[batch, scale·h, scale·w, outputChannels]` in [−1, 1].
 * @throws an Error naming the option when one is out of range.
 * @example
 * ```ts
 * const g = srganGenerator({ imageShape: [14, 14, 1], scale: 2, blocks: 4, width: 32, seed: 1 });   // → [n, 28, 28, 1]
 * ```
 */
export function srganGenerator(options: SrganGeneratorOptions): tfl.LayersModel {
  checkOptionsObject(options, 'srganGenerator', '{ imageShape: [14, 14, 1], scale: 2 }');
  const [height, imageWidth, channels] = checkImageShape(options.imageShape, 'srganGenerator: options.imageShape');
  const scale = options.scale ?? 4;
  if (scale !== 2 && scale !== 4 && scale !== 8) {
    throw new Error(`srganGenerator: options.scale must be 2, 4 or 8, but got ${JSON.stringify(scale) ?? String(scale)}.`);
  }
  const outputChannels = checkPositiveInteger(options.outputChannels, 'srganGenerator: options.outputChannels', channels);
  const width = checkPositiveInteger(options.width, 'srganGenerator: options.width', 64);
  const blocks = checkNonNegativeInteger(options.blocks, 'srganGenerator: options.blocks', 16);
  const normalization = checkImageNormalization(options.normalization, 'srganGenerator: options.normalization', 'batch');
  const seed = checkSeed(options.seed, 'srganGenerator: options.seed');

  const factory = new LayerFactory({ seed, kernelStddev: 0.02, gammaStddev: 0.02 });
  const conv = (filters: number, kernelSize: number) => ({ kind: 'conv2d', filters, kernelSize, strides: 1 }) as const;
  const spectral = normalization === 'spectral';

  const input = tfl.input({ shape: [height, imageWidth, channels], name: 'image' });
  const head = applyLayers(input, [factory.kernel(conv(width, 9), { useBias: true, spectral }), prelu()]);
  let h = head;
  for (let b = 0; b < blocks; b++) {
    const residual = applyLayers(h, [
      ...normalizedKernel(factory, conv(width, 3), normalization, { activation: prelu() }),
      ...normalizedKernel(factory, conv(width, 3), normalization),
    ]);
    h = tfl.layers.add().apply([h, residual]) as tfl.SymbolicTensor;
  }
  h = tfl.layers.add().apply([head, applyLayers(h, normalizedKernel(factory, conv(width, 3), normalization))]) as tfl.SymbolicTensor;
  for (let s = 1; s < scale; s *= 2) {
    h = applyLayers(h, [factory.kernel(conv(4 * width, 3), { useBias: true, spectral }), new PixelShuffle({ scale: 2 }), prelu()]);
  }
  const output = applyLayers(h, [factory.kernel(conv(outputChannels, 9), { useBias: true, spectral }), tfl.layers.activation({ activation: 'tanh' })]);
  return tfl.model({ inputs: input, outputs: output, name: options.name ?? 'srgan-generator' });
}
