import * as tfl from '@tensorflow/tfjs-layers';
import { checkOptionsObject, checkPositiveInteger, checkSeed } from './builder_checks.js';
import { applyLayers, checkImageNormalization, checkImageShape, normalizedKernel, type ImageNormalization } from './image_normalization.js';
import { LayerFactory } from './layer_factory.js';

/** Options of {@link patchGanDiscriminator}. */
export interface PatchGanOptions {
  /** `[height, width, channels]` of the images judged. */
  readonly imageShape: readonly number[];
  /**
   * Channels of a conditioning image (pix2pix's input image), an integer ≥ 1: the model then takes `[image, condition]`
   * and judges their concatenation along the channels. Unconditional (one input) when omitted.
   */
  readonly conditionChannels?: number;
  /** Filters of the first convolution (the paper's 64); each layer doubles them up to 8·width. An integer ≥ 1. Default 64. */
  readonly width?: number;
  /**
   * Stride-2 convolutions n, an integer ≥ 1; they set the receptive field ({@link patchGanReceptiveField}): 1 → 16×16,
   * 2 → 34×34, 3 → 70×70 (the paper's), 4 → 142×142. Default 3. For 28×28 or 32×32 images use 1 or 2.
   */
  readonly layers?: number;
  /** Normalization of the hidden convolutions (not the first nor the last). Default `'batch'` (pix2pix; CycleGAN uses `'instance'`). */
  readonly normalization?: ImageNormalization;
  /** Seed of every weight initialiser. Unseeded when omitted. */
  readonly seed?: number;
  /** The model's name. Default `'patch-gan'`. */
  readonly name?: string;
}

/**
 * The side, in input pixels, of the square each output logit of {@link patchGanDiscriminator} sees: with n stride-2
 * layers, r = 1 walked back through the two final stride-1 4×4 convolutions (r ← r + 3) and the n stride-2 ones
 * (r ← 2r + 2): 16, 34, 70, 142, … for n = 1, 2, 3, 4, i.e. r = 9·2ⁿ − 2.
 *
 * @param layers - n, the number of stride-2 convolutions, an integer ≥ 1.
 */
export function patchGanReceptiveField(layers: number): number {
  checkPositiveInteger(layers, 'patchGanReceptiveField: layers', 1);
  let r = 1 + 3 + 3; // the two final stride-1 4×4 convolutions
  for (let i = 0; i < layers; i++) r = 2 * r + 2;
  return r;
}

/** The side of the logit map for an input side s: each padded 4×4 convolution gives ⌊(s + 2 − 4) / stride⌋ + 1. */
function outputSide(side: number, layers: number): number {
  let s = side;
  for (let i = 0; i < layers; i++) s = Math.floor((s - 2) / 2) + 1;
  return s - 2;
}

/**
 * The PatchGAN discriminator of pix2pix (Isola et al. 2017, "Image-to-Image Translation with Conditional Adversarial
 * Networks", arXiv:1611.07004), also CycleGAN's (arXiv:1703.10593): a fully convolutional network that returns a
 * map of logits, each judging whether one N×N patch of the image is real, with N the receptive field
 * ({@link patchGanReceptiveField}; 70 with the default three stride-2 layers). With w = `width` and n = `layers`:
 *
 *   C(w, s2) → C(2w, s2, N) → … → C(2^(n−1)·w, s2, N) → C(2^n·w, s1, N) → conv(1, s1)
 *
 * where C(k, s, N) is 1-pixel zero padding, a 4×4 'valid' convolution with k filters (at most 8w) and stride s, the
 * normalization N (not on the first layer) and LeakyReLU(0.2). Each padded 4×4 convolution maps a side s to
 * ⌊(s − 2) / stride⌋ + 1: 256 → 128 → 64 → 32 → 31 → 30, so a 256×256 image gets 30×30 logits (the reference code's
 * layout). Kernels are initialised N(0, 0.02).
 *
 * The logits are a map `[batch, h', w', 1]`, positive meaning "real": flatten them (`tf.reshape(logits, [-1])`)
 * before a gan-kit loss, so that each patch counts as one sample and the loss is the mean over all patches.
 *
 * @param options - see {@link PatchGanOptions}.
 * @returns a model `image [batch, h, w, c]` (and `condition [batch, h, w, conditionChannels]`) → logits `[batch, h', w', 1]`.
 * @throws an Error naming the option when the image is too small for the layers or an option is out of range.
 * @example
 * ```ts
 * const d = patchGanDiscriminator({ imageShape: [256, 256, 3], conditionChannels: 3 });   // pix2pix, 70×70 patches
 * const small = patchGanDiscriminator({ imageShape: [28, 28, 1], layers: 1, width: 32 });  // 16×16 patches, 12×12 logits
 * ```
 */
export function patchGanDiscriminator(options: PatchGanOptions): tfl.LayersModel {
  checkOptionsObject(options, 'patchGanDiscriminator', '{ imageShape: [28, 28, 1], layers: 1 }');
  const [height, imageWidth, channels] = checkImageShape(options.imageShape, 'patchGanDiscriminator: options.imageShape');
  const conditionChannels =
    options.conditionChannels === undefined ? undefined : checkPositiveInteger(options.conditionChannels, 'patchGanDiscriminator: options.conditionChannels', 1);
  const width = checkPositiveInteger(options.width, 'patchGanDiscriminator: options.width', 64);
  const layers = checkPositiveInteger(options.layers, 'patchGanDiscriminator: options.layers', 3);
  const normalization = checkImageNormalization(options.normalization, 'patchGanDiscriminator: options.normalization', 'batch');
  const seed = checkSeed(options.seed, 'patchGanDiscriminator: options.seed');
  const [outH, outW] = [outputSide(height, layers), outputSide(imageWidth, layers)];
  if (outH < 1 || outW < 1) {
    let fits = layers;
    while (fits > 1 && Math.min(outputSide(height, fits), outputSide(imageWidth, fits)) < 1) fits--;
    const advice = Math.min(outputSide(height, fits), outputSide(imageWidth, fits)) >= 1 ? `use layers: ${fits} or fewer` : 'use larger images';
    throw new Error(
      `patchGanDiscriminator: options.imageShape [${height}, ${imageWidth}, ${channels}] is too small for ${layers} stride-2 layers ` +
        `(the logit map would be ${outH} × ${outW}); ${advice}.`,
    );
  }

  const factory = new LayerFactory({ seed, kernelStddev: 0.02, gammaStddev: 0.02 });
  const block = (filters: number, strides: number, normalize: boolean) => [
    tfl.layers.zeroPadding2d({ padding: 1 }),
    ...normalizedKernel(factory, { kind: 'conv2d', filters, kernelSize: 4, strides, padding: 'valid' }, normalization, {
      normalize,
      activation: tfl.layers.leakyReLU({ alpha: 0.2 }),
    }),
  ];
  const filters = (i: number) => width * Math.min(2 ** i, 8);

  const image = tfl.input({ shape: [height, imageWidth, channels], name: 'image' });
  const condition = conditionChannels === undefined ? undefined : tfl.input({ shape: [height, imageWidth, conditionChannels], name: 'condition' });
  const joined = condition === undefined ? image : (tfl.layers.concatenate({ axis: -1 }).apply([image, condition]) as tfl.SymbolicTensor);
  let x = applyLayers(joined, block(filters(0), 2, false));
  for (let i = 1; i < layers; i++) x = applyLayers(x, block(filters(i), 2, true));
  x = applyLayers(x, block(filters(layers), 1, true));
  const logits = applyLayers(x, [
    tfl.layers.zeroPadding2d({ padding: 1 }),
    factory.kernel({ kind: 'conv2d', filters: 1, kernelSize: 4, strides: 1, padding: 'valid' }, { useBias: true, spectral: normalization === 'spectral' }),
  ]);
  return tfl.model({ inputs: condition === undefined ? image : [image, condition], outputs: logits, name: options.name ?? 'patch-gan' });
}
