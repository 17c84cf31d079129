import * as tf from '@tensorflow/tfjs-core';
import { mnistClassProbabilities, type MnistClassifierOptions } from './mnist_classifier.js';

/**
 * The fraction of images the bundled MNIST classifier (`loadMnistClassifier`) gives the expected digit:
 * (1/n) Σ [argmax p(· | xᵢ) = yᵢ]. It measures whether a translation keeps the digit (CycleGAN's thin ↔ thick strokes,
 * pix2pix's edge maps → digits, super-resolution): pass the translated images with the labels of their sources.
 *
 * @param images - `[n, 28, 28, 1]`, values in [−1, 1]. Not disposed.
 * @param labels - the digit of each image, `[n]` or `[n, 1]` integers 0–9. Not disposed.
 * @param options - a classifier to reuse and the batch size (see {@link MnistClassifierOptions}).
 * @returns a fraction in [0, 1].
 * @example
 * ```ts
 * const { a: edges, b: digits, labels } = await loadMnistEdgePairs({ split: 'test' });
 * const kept = await mnistLabelAccuracy(trainer.translate(edges) as tf.Tensor4D, labels);   // 0.97
 * ```
 */
export async function mnistLabelAccuracy(images: tf.Tensor4D, labels: tf.Tensor, options: MnistClassifierOptions = {}): Promise<number> {
  if (!(labels instanceof tf.Tensor) || labels.size !== images.shape[0] || (labels.rank !== 1 && !(labels.rank === 2 && labels.shape[1] === 1))) {
    const seen = labels instanceof tf.Tensor ? `[${labels.shape.join(', ')}]` : String(labels);
    throw new Error(`mnistLabelAccuracy: labels must be [n] or [n, 1] with n = ${images.shape[0]} (one per image), saw ${seen}.`);
  }
  const probabilities = await mnistClassProbabilities(images, options);
  const right = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(probabilities, 1), tf.cast(tf.reshape(labels, [-1]), 'int32')), 'float32')));
  probabilities.dispose();
  const [count] = await right.data();
  right.dispose();
  return count! / images.shape[0];
}
