import * as tf from '@tensorflow/tfjs-core';

/**
 * The stroke area of each image: the fraction of its pixels brighter than `threshold`, (1 / (h·w·c)) Σ [x > t]. On
 * MNIST-like digits in [−1, 1] (white on black) with the default t = 0 (grey level ½) it measures how thick the
 * strokes are: the domain statistic of the thin ↔ thick translation ({@link loadMnistStrokeDomains}).
 *
 * @param images - `[n, h, w, c]`. Not disposed.
 * @param threshold - t, default 0.
 * @returns one fraction in [0, 1] per image.
 */
export function strokeArea(images: tf.Tensor4D, threshold = 0): number[] {
  if (images.rank !== 4) throw new Error(`strokeArea: images must be [n, height, width, channels], but got shape [${images.shape.join(', ')}].`);
  const areas = tf.tidy(() => tf.mean(tf.cast(tf.greater(tf.reshape(images, [images.shape[0], -1]), threshold), 'float32'), 1));
  const values = Array.from(areas.dataSync());
  areas.dispose();
  return values;
}
