import * as tfl from '@tensorflow/tfjs-layers';
import { checkOptionsObject, checkPositiveInteger, checkSeed } from './builder_checks.js';
import { applyLayers, checkImageNormalization, checkImageShape, normalizedKernel, type ImageNormalization } from './image_normalization.js';
import { LayerFactory } from './layer_factory.js';

/** Options of {@link srganDiscriminator}. */
export interface SrganDiscriminatorOptions {
  /** `[height, width, channels]` of the (high-resolution) images judged; height and width ≥ 2^`stages`. */
  readonly imageShape: readonly number[];
  /** Filters of the first stage (the paper's 64); each stage doubles them. An integer ≥ 1. Default 64. */
  readonly width?: number;
  /** Stages of two convolutions (stride 1, then stride 2), an integer ≥ 1. Default 4 (the paper's eight convolutions). */
  readonly stages?: number;
  /** Units of the hidden Dense layer (the paper's 1024), an integer ≥ 1. Default 1024. */
  readonly denseUnits?: number;
  /** Normalization of the hidden convolutions (not the first). Default `'batch'` (the paper). */
  readonly normalization?: ImageNormalization;
  /** Seed of every weight initialiser. Unseeded when omitted. */
  readonly seed?: number;
  /** The model's name. Default `'srgan-discriminator'`. */
  readonly name?: string;
}

/**
 * The discriminator of SRGAN (Ledig et al. 2017, arXiv:1609.04802): with w = `width` and S = `stages`, 3×3
 * convolutions with 'same' padding, each followed by LeakyReLU(0.2),
 *
 *   conv(w, s1) → conv(w, s2, N) → conv(2w, s1, N) → conv(2w, s2, N) → … → conv(2^(S−1)·w, s2, N)
 *   → flatten → Dense(denseUnits) → LeakyReLU(0.2) → Dense(1)
 *
 * where N is the normalization (not on the first convolution). The defaults are the paper's k3n64s1 … k3n512s2,
 * Dense 1024, Dense 1; the final sigmoid is left to the loss: the model returns logits `[batch, 1]`, positive
 * meaning "real", as every gan-kit loss expects. Kernels are initialised N(0, 0.02).
 *
 * @param options - see {@link SrganDiscriminatorOptions}.
 * @returns a model `[batch, h, w, c]` → logits `[batch, 1]`.
 * @throws an Error naming the option when one is out of range.
 * @example
 * ```ts
 * const d = srganDiscriminator({ imageShape: [28, 28, 1], width: 32, stages: 2, denseUnits: 128, seed: 2 });
 * ```
 */
export function srganDiscriminator(options: SrganDiscriminatorOptions): tfl.LayersModel {
  checkOptionsObject(options, 'srganDiscriminator', '{ imageShape: [28, 28, 1] }');
  const [height, imageWidth, channels] = checkImageShape(options.imageShape, 'srganDiscriminator: options.imageShape');
  const width = checkPositiveInteger(options.width, 'srganDiscriminator: options.width', 64);
  const stages = checkPositiveInteger(options.stages, 'srganDiscriminator: options.stages', 4);
  const denseUnits = checkPositiveInteger(options.denseUnits, 'srganDiscriminator: options.denseUnits', 1024);
  const normalization = checkImageNormalization(options.normalization, 'srganDiscriminator: options.normalization', 'batch');
  const seed = checkSeed(options.seed, 'srganDiscriminator: options.seed');
  if (Math.min(height, imageWidth) < 2 ** stages) {
    throw new Error(
      `srganDiscriminator: options.imageShape [${height}, ${imageWidth}, ${channels}] is too small for ${stages} stride-2 stages: ` +
        `height and width must be at least 2^stages = ${2 ** stages}. Use fewer stages.`,
    );
  }

  const factory = new LayerFactory({ seed, kernelStddev: 0.02, gammaStddev: 0.02 });
  const conv = (filters: number, strides: number, normalize: boolean) =>
    normalizedKernel(factory, { kind: 'conv2d', filters, kernelSize: 3, strides }, normalization, {
      normalize,
      activation: tfl.layers.leakyReLU({ alpha: 0.2 }),
    });
  const spectral = normalization === 'spectral';

  const input = tfl.input({ shape: [height, imageWidth, channels], name: 'image' });
  const layers: tfl.layers.Layer[] = [];
  for (let stage = 0; stage < stages; stage++) {
    layers.push(...conv(width * 2 ** stage, 1, stage > 0), ...conv(width * 2 ** stage, 2, true));
  }
  const logits = applyLayers(input, [
    ...layers,
    tfl.layers.flatten(),
    factory.kernel({ kind: 'dense', units: denseUnits }, { useBias: true, spectral }),
    tfl.layers.leakyReLU({ alpha: 0.2 }),
    factory.kernel({ kind: 'dense', units: 1 }, { useBias: true, spectral }),
  ]);
  return tfl.model({ inputs: input, outputs: logits, name: options.name ?? 'srgan-discriminator' });
}
