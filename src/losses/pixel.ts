import * as tf from '@tensorflow/tfjs-core';
import type { Reduction } from './gan_loss.js';
import { describeValue } from './reduce.js';

/** What a pixel loss compares: the image it should have produced and the image it did, of the same shape. */
export interface PixelLossInputs {
  /** The reference images (the ground truth: a paired target, the high-resolution image), `[batch, …]`, float32. */
  readonly target: tf.Tensor;
  /** The generator's images, the same shape as `target`, float32. */
  readonly generated: tf.Tensor;
}

/** Options of the image losses: how the per-element terms are reduced. */
export interface ImageLossOptions {
  /**
   * `'mean'` (default): the mean over every element, a scalar; `'sum'`: the sum over every element, a scalar;
   * `'none'`: the mean over each sample's elements, one value per sample, `[batch]`.
   */
  readonly reduction?: Reduction;
}

/** Checks one image tensor of a loss's inputs; `where` is `'fn: inputs.name'`. */
function checkImages(value: unknown, where: string): tf.Tensor {
  if (!(value instanceof tf.Tensor)) throw new TypeError(`${where} must be a tf.Tensor of images [batch, …]; got ${describeValue(value)}.`);
  if (value.isDisposed) throw new Error(`${where} was already disposed; keep the images alive until the loss has been computed.`);
  if (value.dtype !== 'float32') throw new TypeError(`${where} must have dtype float32; got ${value.dtype}. Use tf.cast(x, 'float32').`);
  if (value.rank < 1 || value.size === 0) throw new RangeError(`${where} must hold at least one sample, [batch, …]; got shape [${value.shape.join(', ')}].`);
  return value;
}

/**
 * Checks a pair of same-shape image tensors and the reduction of an image loss; returns them as `[a, b, reduction]`.
 *
 * @param functionName - the public loss, named in errors.
 * @param names - the two input fields, e.g. `['target', 'generated']`.
 */
export function checkImagePair(
  functionName: string,
  inputs: unknown,
  names: readonly [string, string],
  options: ImageLossOptions | undefined,
): [tf.Tensor, tf.Tensor, Reduction] {
  if (typeof inputs !== 'object' || inputs === null) {
    throw new TypeError(`${functionName}: inputs must be an object { ${names.join(', ')} } of image tensors; got ${describeValue(inputs)}.`);
  }
  const record = inputs as Record<string, unknown>;
  const a = checkImages(record[names[0]], `${functionName}: inputs.${names[0]}`);
  const b = checkImages(record[names[1]], `${functionName}: inputs.${names[1]}`);
  if (!tf.util.arraysEqual(a.shape, b.shape)) {
    throw new RangeError(
      `${functionName}: inputs.${names[0]} [${a.shape.join(', ')}] and inputs.${names[1]} [${b.shape.join(', ')}] must have the same shape.`,
    );
  }
  const reduction = options?.reduction ?? 'mean';
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw new RangeError(`${functionName}: options.reduction must be one of 'mean', 'sum', 'none'; got ${describeValue(reduction)}.`);
  }
  return [a, b, reduction];
}

/** Reduces per-element terms `[batch, …]`: mean, sum, or the mean per sample (`'none'`, `[batch]`). Call inside tf.tidy. */
export function reduceImageTerms(terms: tf.Tensor, reduction: Reduction): tf.Tensor {
  if (reduction === 'mean') return tf.mean(terms);
  if (reduction === 'sum') return tf.sum(terms);
  return terms.rank === 1 ? terms : tf.mean(tf.reshape(terms, [terms.shape[0]!, -1]), 1);
}

/** mean |a − b| with the given reduction, checked and named for `functionName`. */
export function l1Distance(functionName: string, inputs: unknown, names: readonly [string, string], options: ImageLossOptions | undefined): tf.Tensor {
  const [a, b, reduction] = checkImagePair(functionName, inputs, names, options);
  return tf.tidy(() => reduceImageTerms(tf.abs(tf.sub(a, b)), reduction));
}

/**
 * The pixel-wise L1 content loss, mean |target − generated| over every element: pix2pix's reconstruction term
 * (Isola et al. 2017, arXiv:1611.07004, weighted λ = 100 there), which blurs less than L2.
 *
 * @param inputs - `{ target, generated }`, float32 tensors of the same shape `[batch, …]`.
 * @param options - `reduction`: `'mean'` (default), `'sum'`, or `'none'` for the mean per sample `[batch]`.
 * @returns a scalar, or `[batch]` with `reduction: 'none'`; the caller disposes it.
 * @example
 * ```ts
 * const l1 = pixelL1Loss({ target: realB, generated: gAB(realA) });
 * ```
 */
export function pixelL1Loss(inputs: PixelLossInputs, options?: ImageLossOptions): tf.Tensor {
  return l1Distance('pixelL1Loss', inputs, ['target', 'generated'], options);
}

/**
 * The pixel-wise L2 content loss, mean (target − generated)² over every element: the MSE loss of SRResNet (Ledig et
 * al. 2017, arXiv:1609.04802), which maximizes PSNR.
 *
 * @param inputs - `{ target, generated }`, float32 tensors of the same shape `[batch, …]`.
 * @param options - `reduction`: `'mean'` (default), `'sum'`, or `'none'` for the mean per sample `[batch]`.
 * @returns a scalar, or `[batch]` with `reduction: 'none'`; the caller disposes it.
 */
export function pixelL2Loss(inputs: PixelLossInputs, options?: ImageLossOptions): tf.Tensor {
  const [target, generated, reduction] = checkImagePair('pixelL2Loss', inputs, ['target', 'generated'], options);
  return tf.tidy(() => reduceImageTerms(tf.squaredDifference(target, generated), reduction));
}
