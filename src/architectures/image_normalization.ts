import * as tfl from '@tensorflow/tfjs-layers';
import { InstanceNormalization } from '../layers/instance_normalization.js';
import type { SpectralNormalization } from '../layers/spectral_normalization.js';
import { checkOneOf } from './builder_checks.js';
import type { KernelLayerSpec, LayerFactory } from './layer_factory.js';

/**
 * How an image-to-image builder (`resnetGenerator`, `unetGenerator`, `patchGanDiscriminator`, `srganGenerator`,
 * `srganDiscriminator`) normalizes its hidden convolutions:
 * - `'instance'`: {@link InstanceNormalization} without affine parameters (Ulyanov et al. 2016, arXiv:1607.08022)
 *   after the convolution, which then has no bias (the mean subtraction would remove it);
 * - `'batch'`: batch normalization (Ioffe & Szegedy 2015, arXiv:1502.03167; momentum 0.9, ε = 1e-5) after the
 *   convolution, which then has no bias;
 * - `'spectral'`: every convolution and Dense layer wrapped in {@link SpectralNormalization} (Miyato et al. 2018,
 *   arXiv:1802.05957), with biases;
 * - `'none'`: plain layers with biases.
 */
export type ImageNormalization = 'instance' | 'batch' | 'spectral' | 'none';

/** The accepted {@link ImageNormalization} values, in the order error messages list them. */
const IMAGE_NORMALIZATIONS: readonly ImageNormalization[] = ['instance', 'batch', 'spectral', 'none'];

/** Returns `value` (or `fallback` when undefined) if it is an {@link ImageNormalization}; `option` names it in the error. */
export function checkImageNormalization(value: unknown, option: string, fallback: ImageNormalization): ImageNormalization {
  return checkOneOf(value, option, IMAGE_NORMALIZATIONS, fallback);
}

/** Where a {@link normalizedKernel} sits: whether its output is normalized, and the model's input shape for a first layer. */
export interface KernelPlacement {
  /** False for the layers the papers leave unnormalized (the first convolution of a discriminator). Default true. */
  readonly normalize?: boolean;
  /** The activation after the (normalized) kernel; none when omitted. */
  readonly activation?: tfl.layers.Layer;
}

/**
 * The layers kernel → normalization → activation for one {@link ImageNormalization}; the kernel has a bias exactly
 * when no normalization with a mean subtraction or an offset follows it.
 */
export function normalizedKernel(
  factory: LayerFactory,
  spec: KernelLayerSpec,
  normalization: ImageNormalization,
  placement: KernelPlacement = {},
): tfl.layers.Layer[] {
  const normalize = placement.normalize !== false && (normalization === 'instance' || normalization === 'batch');
  const layers = [factory.kernel(spec, { useBias: !normalize, spectral: normalization === 'spectral' })];
  if (normalize) layers.push(normalization === 'instance' ? new InstanceNormalization() : factory.batchNorm());
  if (placement.activation !== undefined) layers.push(placement.activation);
  return layers;
}

/** Applies `layers` in order to a symbolic tensor (the functional API's x = layer.apply(x), repeated). */
export function applyLayers(input: tfl.SymbolicTensor, layers: readonly tfl.layers.Layer[]): tfl.SymbolicTensor {
  return layers.reduce((x, layer) => layer.apply(x) as tfl.SymbolicTensor, input);
}

/** Returns `value` as `[height, width, channels]` if it is three integers ≥ 1; `option` names it in the error. */
export function checkImageShape(value: unknown, option: string): [number, number, number] {
  const valid = Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1);
  if (valid) return [value[0], value[1], value[2]] as [number, number, number];
  throw new Error(`${option} must be [height, width, channels], three integers ≥ 1, such as [28, 28, 1] or [256, 256, 3], but got ${JSON.stringify(value) ?? String(value)}.`);
}
