import * as tf from '@tensorflow/tfjs-core';

/** A per-sample value `[batch]` as a tensor `[batch, 1, 1, 1]` that broadcasts over NHWC images. */
function perSample(values: Float32Array): tf.Tensor4D {
  return tf.tensor4d(values, [values.length, 1, 1, 1]);
}

function isConstant(values: Float32Array, identity: number): boolean {
  return values.every((v) => v === identity);
}

/** x + b_n for each sample n (brightness); skipped when every b is 0. */
export function adjustBrightness(images: tf.Tensor4D, offsets: Float32Array): tf.Tensor4D {
  return isConstant(offsets, 0) ? images : tf.add(images, perSample(offsets));
}

/**
 * Contrast: m + c_n · (x − m), with m = 0 (`'zero'`, ADA's scaling about mid-grey for images in [−1, 1]) or the
 * sample's mean over all pixels and channels (`'mean'`, DiffAugment); skipped when every c is 1.
 */
export function adjustContrast(images: tf.Tensor4D, factors: Float32Array, centre: 'zero' | 'mean'): tf.Tensor4D {
  if (isConstant(factors, 1)) return images;
  if (centre === 'zero') return tf.mul(images, perSample(factors));
  const mean = tf.mean(images, [1, 2, 3], true);
  return tf.add(mean, tf.mul(tf.sub(images, mean), perSample(factors)));
}

/**
 * Saturation: g + s_n · (x − g), with g the pixel's mean over channels (its projection on the grey axis (1, …, 1)/√C);
 * the identity for single-channel images, and skipped when every s is 1.
 */
export function adjustSaturation(images: tf.Tensor4D, factors: Float32Array): tf.Tensor4D {
  if (isConstant(factors, 1) || images.shape[3] === 1) return images;
  const grey = tf.mean(images, 3, true);
  return tf.add(grey, tf.mul(tf.sub(images, grey), perSample(factors)));
}
