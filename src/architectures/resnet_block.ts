import * as tfl from '@tensorflow/tfjs-layers';
import { ReflectionPadding2D } from '../layers/reflection_padding_2d.js';
import type { InstanceNormalization } from '../layers/instance_normalization.js';
import { checkOptionsObject, checkSeed } from './builder_checks.js';
import { applyLayers, checkImageNormalization, normalizedKernel, type ImageNormalization } from './image_normalization.js';
import { LayerFactory } from './layer_factory.js';

/** Options of {@link resnetBlock}. */
export interface ResnetBlockOptions {
  /** Normalization after each convolution. Default `'instance'` (CycleGAN). */
  readonly normalization?: ImageNormalization;
  /** Seed of the two convolutions' N(0, 0.02) initialisers; unseeded when omitted. */
  readonly seed?: number;
}

/** The block of {@link resnetBlock} with the kernels of a builder's factory. */
export function resnetBlockLayers(factory: LayerFactory, input: tfl.SymbolicTensor, normalization: ImageNormalization): tfl.SymbolicTensor {
  const filters = input.shape[input.shape.length - 1];
  if (input.shape.length !== 4 || typeof filters !== 'number') {
    throw new Error(`resnetBlock: the input must be a symbolic image tensor [batch, height, width, channels] with known channels, but got shape ${JSON.stringify(input.shape)}.`);
  }
  const conv = { kind: 'conv2d', filters, kernelSize: 3, strides: 1, padding: 'valid' } as const;
  const residual = applyLayers(input, [
    new ReflectionPadding2D({ padding: 1 }),
    ...normalizedKernel(factory, conv, normalization, { activation: tfl.layers.reLU() }),
    new ReflectionPadding2D({ padding: 1 }),
    ...normalizedKernel(factory, conv, normalization),
  ]);
  return tfl.layers.add().apply([input, residual]) as tfl.SymbolicTensor;
}

/**
 * The residual block of the CycleGAN generator (Zhu et al. 2017, arXiv:1703.10593, after Johnson et al. 2016,
 * arXiv:1603.08155, and He et al. 2016, arXiv:1512.03385), applied to a symbolic image tensor x with C channels:
 *
 *   y = x + N(conv₃(pad₁(ReLU(N(conv₃(pad₁(x)))))))
 *
 * where pad₁ is a 1-pixel {@link ReflectionPadding2D}, conv₃ a 3×3 'valid' convolution with C filters (initialised
 * N(0, 0.02)) and N the normalization (default {@link InstanceNormalization}). Height, width and channels are kept.
 *
 * @param input - a symbolic tensor `[batch, height, width, C]` (from `tfl.input` or a layer), height and width ≥ 2.
 * @param options - see {@link ResnetBlockOptions}.
 * @returns the block's output, a symbolic tensor of the input's shape.
 * @example
 * ```ts
 * const x = tfl.input({ shape: [16, 16, 32] });
 * const y = resnetBlock(resnetBlock(x, { seed: 1 }), { seed: 2 });
 * const model = tfl.model({ inputs: x, outputs: y });
 * ```
 */
export function resnetBlock(input: tfl.SymbolicTensor, options: ResnetBlockOptions = {}): tfl.SymbolicTensor {
  checkOptionsObject(options, 'resnetBlock', "{ normalization: 'instance' }");
  const normalization = checkImageNormalization(options.normalization, 'resnetBlock: options.normalization', 'instance');
  const seed = checkSeed(options.seed, 'resnetBlock: options.seed');
  return resnetBlockLayers(new LayerFactory({ seed, kernelStddev: 0.02, gammaStddev: 0.02 }), input, normalization);
}
