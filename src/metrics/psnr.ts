import * as tf from '@tensorflow/tfjs-core';

/** Options of {@link psnr}. */
export interface PsnrOptions {
  /** R, the peak-to-peak range of the pixel values, a number > 0. Default 2 (images in [−1, 1]); 255 for bytes, 1 for [0, 1]. */
  readonly range?: number;
  /** Pixels shaved off each side before comparing (super-resolution papers shave the scale factor), an integer ≥ 0. Default 0. */
  readonly border?: number;
}

/** PSNR of a set of images: the mean over the images and each image's value, in decibels. */
export interface Psnr {
  /** The mean of the per-image values (how super-resolution papers average a test set); Infinity if any image is identical. */
  readonly mean: number;
  /** One value per image, in order; Infinity for an image identical to its reference. */
  readonly perImage: number[];
}

/**
 * Peak signal-to-noise ratio of images against their references, per image:
 *
 *   PSNR = 10 · log₁₀(R² / MSE),   MSE = mean over the image's pixels and channels of (reference − estimate)²,
 *
 * with R the value range (2 for images in [−1, 1]). Higher is better; +6.02 dB halves the root-mean-square error. The
 * standard fidelity measure of super-resolution (SRGAN, arXiv:1609.04802, reports it against bicubic up-sampling).
 *
 * @param reference - the true images `[n, h, w, c]`. Not disposed.
 * @param estimate - the reconstructed images, the same shape. Not disposed.
 * @param options - see {@link PsnrOptions}.
 * @example
 * ```ts
 * const { mean } = psnr(highRes, resizeBicubic(lowRes, { height: 28, width: 28, clamp: [-1, 1] }));
 * ```
 */
export function psnr(reference: tf.Tensor4D, estimate: tf.Tensor4D, options: PsnrOptions = {}): Psnr {
  const { range = 2, border = 0 } = options;
  if (reference.rank !== 4 || !tf.util.arraysEqual(reference.shape, estimate.shape)) {
    throw new Error(`psnr: reference [${reference.shape.join(', ')}] and estimate [${estimate.shape.join(', ')}] must be images [n, h, w, c] of the same shape.`);
  }
  if (typeof range !== 'number' || !(range > 0) || !Number.isFinite(range)) throw new Error(`psnr: options.range must be a finite number > 0, but got ${String(range)}.`);
  const [n, h, w, c] = reference.shape;
  if (!Number.isInteger(border) || border < 0 || 2 * border >= Math.min(h, w)) {
    throw new Error(`psnr: options.border must be an integer ≥ 0 that leaves pixels of the ${h} × ${w} images, but got ${String(border)}.`);
  }
  const mse = tf.tidy(() => {
    const crop = (x: tf.Tensor4D) => tf.slice(x, [0, border, border, 0], [n, h - 2 * border, w - 2 * border, c]);
    const squared = tf.squaredDifference(crop(reference), crop(estimate));
    return tf.mean(tf.reshape(squared, [n, -1]), 1);
  });
  const perImage = Array.from(mse.dataSync(), (e) => 10 * Math.log10((range * range) / e));
  mse.dispose();
  return { mean: perImage.reduce((s, v) => s + v, 0) / n, perImage };
}
