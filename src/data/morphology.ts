import * as tf from '@tensorflow/tfjs-core';

/** Options of {@link dilateImages} and {@link erodeImages}: the structuring element. */
export interface MorphologyOptions {
  /** Reach of the element in pixels, an integer ≥ 1. Default 1. */
  readonly radius?: number;
  /**
   * `'square'`: every offset with |dy|, |dx| ≤ radius (a (2r+1)² square); `'cross'`: the offsets with dy = 0 or
   * dx = 0 (a plus sign of arm length r). Default `'square'`.
   */
  readonly element?: 'square' | 'cross';
}

function checkOptions(images: tf.Tensor, options: MorphologyOptions, user: string): { radius: number; element: 'square' | 'cross' } {
  if (images.rank !== 4) throw new Error(`${user}: images must be [n, height, width, channels], but got shape [${images.shape.join(', ')}].`);
  const { radius = 1, element = 'square' } = options;
  if (!Number.isInteger(radius) || radius < 1) throw new Error(`${user}: options.radius must be an integer ≥ 1, but got ${String(radius)}.`);
  if (element !== 'square' && element !== 'cross') throw new Error(`${user}: options.element must be 'square' or 'cross', but got ${JSON.stringify(element)}.`);
  return { radius, element };
}

/** max over the element's offsets of x shifted by them; pixels outside the image do not count. Call inside tf.tidy. */
function maxFilter(x: tf.Tensor4D, radius: number, element: 'square' | 'cross'): tf.Tensor4D {
  const size = 2 * radius + 1;
  if (element === 'square') return tf.maxPool(x, size, 1, 'same');
  // A plus sign is the larger of a vertical and a horizontal line.
  return tf.maximum(tf.maxPool(x, [size, 1], 1, 'same'), tf.maxPool(x, [1, size], 1, 'same'));
}

/**
 * Grey-scale dilation (Serra 1982, "Image Analysis and Mathematical Morphology"): each pixel becomes the maximum of
 * the pixels under the structuring element centred on it, y(p) = max_{d ∈ E} x(p + d), channel by channel; pixels
 * outside the image are ignored. Bright strokes on a dark background grow by the element's radius.
 *
 * @param images - `[n, height, width, channels]`. Not disposed.
 * @param options - the structuring element; see {@link MorphologyOptions}.
 * @returns a new tensor of the same shape.
 * @example
 * ```ts
 * const thick = dilateImages(digits, { radius: 1, element: 'cross' });
 * ```
 */
export function dilateImages(images: tf.Tensor4D, options: MorphologyOptions = {}): tf.Tensor4D {
  const { radius, element } = checkOptions(images, options, 'dilateImages');
  return tf.tidy(() => maxFilter(images, radius, element));
}

/**
 * Grey-scale erosion, the dual of {@link dilateImages}: y(p) = min_{d ∈ E} x(p + d), computed as −dilate(−x); pixels
 * outside the image are ignored. Bright strokes on a dark background shrink by the element's radius.
 *
 * @param images - `[n, height, width, channels]`. Not disposed.
 * @param options - the structuring element; see {@link MorphologyOptions}.
 * @returns a new tensor of the same shape.
 */
export function erodeImages(images: tf.Tensor4D, options: MorphologyOptions = {}): tf.Tensor4D {
  const { radius, element } = checkOptions(images, options, 'erodeImages');
  return tf.tidy(() => tf.neg(maxFilter(tf.neg(images), radius, element)));
}
