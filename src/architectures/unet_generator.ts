import * as tfl from '@tensorflow/tfjs-layers';
import { SeededDropout } from '../layers/seeded_dropout.js';
import { checkOptionsObject, checkPositiveInteger, checkSeed } from './builder_checks.js';
import { applyLayers, checkImageNormalization, checkImageShape, normalizedKernel, type ImageNormalization } from './image_normalization.js';
import { LayerFactory } from './layer_factory.js';

/** Options of {@link unetGenerator}. */
export interface UnetGeneratorOptions {
  /** `[height, width, channels]` of the input images; height and width divisible by 2^`depth`. */
  readonly imageShape: readonly number[];
  /** Channels of the output images, an integer ≥ 1. Default: the input's channels. */
  readonly outputChannels?: number;
  /** Filters of the first convolution (the paper's 64); each level doubles them up to 8·width. An integer ≥ 1. Default 64. */
  readonly width?: number;
  /**
   * Stride-2 levels, an integer ≥ 1. Default: as many as halve both sides exactly, at most 8 — 8 (down to 1×1) for
   * 256×256 as in the paper, 5 for 32×32, 2 for 28×28 (down to 7×7).
   */
  readonly depth?: number;
  /** Normalization of the hidden convolutions. Default `'batch'` (the paper, trained at batch size 1). */
  readonly normalization?: ImageNormalization;
  /**
   * Dropout rate of the first three decoder layers (the paper's "CD" layers), in [0, 1); 0 removes them. Default 0.5.
   * The masks come from {@link SeededDropout}, so a seeded build draws the same masks in every run.
   */
  readonly dropout?: number;
  /** Seed of every weight initialiser and of the dropout masks. Unseeded when omitted. */
  readonly seed?: number;
  /** The model's name. Default `'unet-generator'`. */
  readonly name?: string;
}

/** The largest n ≤ 8 with both sides divisible by 2ⁿ. */
function defaultDepth(height: number, width: number): number {
  let n = 0;
  while (n < 8 && height % 2 ** (n + 1) === 0 && width % 2 ** (n + 1) === 0) n++;
  return n;
}

/**
 * The U-Net generator of pix2pix (Isola, Zhu, Zhou & Efros 2017, "Image-to-Image Translation with Conditional
 * Adversarial Networks", arXiv:1611.07004; the U-Net of Ronneberger et al. 2015, arXiv:1505.04597): an encoder of
 * `depth` stride-2 convolutions and a decoder of as many stride-2 transposed convolutions, where decoder level i also
 * receives encoder level i's output (a skip connection, concatenated along the channels), so that low-level
 * structure such as edges passes straight to the output. With f_i = width·min(2^(i−1), 8) filters at level i:
 *
 * - encoder: e₁ = conv(x), e_i = N(conv(LeakyReLU₀.₂(e_{i−1}))) for 1 < i < depth, e_depth = conv(LeakyReLU₀.₂(…))
 *   (the outermost and innermost levels are not normalized);
 * - decoder: from d = e_depth, for i = depth … 2: d = concat(e_{i−1}, D(N(convT(ReLU(d))))) with f_{i−1} filters and
 *   dropout D on the first three; the output is tanh(convT(ReLU(d))) with `outputChannels` filters.
 *
 * Every convolution is 4×4 with stride 2 and 'same' padding, initialised N(0, 0.02). For 256×256 with the defaults
 * this is the paper's encoder C64-C128-C256-C512-C512-C512-C512-C512 and decoder CD512-CD512-CD512-C512-C256-C128-C64.
 * Dropout, the paper's noise source, acts only when the model is called with `training: true` (tfjs-layers
 * semantics); its masks are a repeatable stream saved with the weights ({@link SeededDropout}).
 *
 * @param options - see {@link UnetGeneratorOptions}.
 * @returns a model `[batch, height, width, channels]` → `[batch, height, width, outputChannels]` in [−1, 1].
 * @throws an Error naming the option when the image shape cannot be built or an option is out of range.
 * @example
 * ```ts
 * const g = unetGenerator({ imageShape: [28, 28, 1], width: 32, seed: 1 });     // depth 2: 28 → 14 → 7 → 14 → 28
 * const paper = unetGenerator({ imageShape: [256, 256, 3] });                  // depth 8
 * ```
 */
export function unetGenerator(options: UnetGeneratorOptions): tfl.LayersModel {
  checkOptionsObject(options, 'unetGenerator', '{ imageShape: [32, 32, 3] }');
  const [height, imageWidth, channels] = checkImageShape(options.imageShape, 'unetGenerator: options.imageShape');
  const outputChannels = checkPositiveInteger(options.outputChannels, 'unetGenerator: options.outputChannels', channels);
  const width = checkPositiveInteger(options.width, 'unetGenerator: options.width', 64);
  const maxDepth = defaultDepth(height, imageWidth);
  const depth = checkPositiveInteger(options.depth, 'unetGenerator: options.depth', Math.max(maxDepth, 1));
  if (depth > maxDepth) {
    throw new Error(
      `unetGenerator: options.imageShape [${height}, ${imageWidth}, ${channels}] cannot be halved ${depth} times: height and width ` +
        `must be divisible by 2^depth = ${2 ** depth}${maxDepth > 0 ? `; this shape allows a depth of at most ${maxDepth}` : ''}. ` +
        'Use a smaller depth, or resize or pad the images (to 32×32 or 256×256, for instance).',
    );
  }
  const normalization = checkImageNormalization(options.normalization, 'unetGenerator: options.normalization', 'batch');
  const dropout = options.dropout ?? 0.5;
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) {
    throw new Error(`unetGenerator: options.dropout must be a number in [0, 1), but got ${JSON.stringify(dropout) ?? String(dropout)}.`);
  }
  const seed = checkSeed(options.seed, 'unetGenerator: options.seed');

  const factory = new LayerFactory({ seed, kernelStddev: 0.02, gammaStddev: 0.02 });
  const filters = (level: number) => width * Math.min(2 ** (level - 1), 8);
  const conv = (kind: 'conv2d' | 'conv2dTranspose', n: number) => ({ kind, filters: n, kernelSize: 4, strides: 2 }) as const;

  const input = tfl.input({ shape: [height, imageWidth, channels], name: 'image' });
  const encoded: tfl.SymbolicTensor[] = [];
  for (let level = 1; level <= depth; level++) {
    const previous = encoded[level - 2];
    const normalize = level > 1 && level < depth;
    const layers = normalizedKernel(factory, conv('conv2d', filters(level)), normalization, { normalize });
    encoded.push(previous === undefined ? applyLayers(input, layers) : applyLayers(previous, [tfl.layers.leakyReLU({ alpha: 0.2 }), ...layers]));
  }
  let x = encoded[depth - 1]!;
  for (let level = depth; level >= 2; level--) {
    const up = [tfl.layers.reLU(), ...normalizedKernel(factory, conv('conv2dTranspose', filters(level - 1)), normalization)];
    const seedOfDropout = factory.nextSeed();
    if (dropout > 0 && level > depth - 3) up.push(new SeededDropout({ rate: dropout, ...(seedOfDropout === undefined ? {} : { seed: seedOfDropout }) }));
    x = tfl.layers.concatenate({ axis: -1 }).apply([encoded[level - 2]!, applyLayers(x, up)]) as tfl.SymbolicTensor;
  }
  const output = applyLayers(x, [
    tfl.layers.reLU(),
    factory.kernel(conv('conv2dTranspose', outputChannels), { useBias: true, spectral: normalization === 'spectral' }),
    tfl.layers.activation({ activation: 'tanh' }),
  ]);
  return tfl.model({ inputs: input, outputs: output, name: options.name ?? 'unet-generator' });
}
