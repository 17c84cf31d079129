import type * as tf from '@tensorflow/tfjs-core';

import { klToUniform } from './kl_to_uniform.js';

/** The result of {@link classCoverage}. */
export interface ClassCoverage {
  /** How many samples were predicted as each class, length = number of classes. */
  readonly counts: readonly number[];
  /** How many classes were predicted for at least one sample (0 … number of classes). */
  readonly classesCovered: number;
  /** KL(class histogram ‖ uniform) in nats, see {@link klToUniform}: 0 for perfectly even classes, log C at worst. */
  readonly klToUniform: number;
}

/**
 * Class coverage of generated samples, judged by a classifier: each sample's predicted class is the argmax of its row
 * of scores (probabilities or logits give the same answer; ties go to the lowest class). Reports the class histogram,
 * how many classes appear, and the histogram's KL divergence from uniform. Report these beside a Fréchet distance:
 * "fraction of confident samples" alone misses mode collapse (all "1"s scores high).
 *
 * @param scores - `[n, classes]` class scores of n ≥ 1 samples, e.g. the output of {@link loadMnistClassifier}'s model.
 * @example
 * ```ts
 * const { classesCovered, klToUniform } = classCoverage(classifier.predict(fakeImages) as tf.Tensor2D);
 * ```
 */
export function classCoverage(scores: tf.Tensor2D): ClassCoverage {
  if (scores.rank !== 2 || scores.shape[0]! < 1 || scores.shape[1]! < 1) {
    throw new Error(`classCoverage: scores must be [n, classes] with n ≥ 1, got shape [${scores.shape.join(', ')}].`);
  }
  const [n, c] = scores.shape;
  const values = scores.dataSync();
  const counts = new Array<number>(c).fill(0);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (values[i * c + j]! > values[i * c + best]!) best = j;
    if (Number.isNaN(values[i * c + best]!)) throw new Error(`classCoverage: row ${i} of scores holds NaN.`);
    counts[best]! += 1;
  }
  return { counts, classesCovered: counts.filter((v) => v > 0).length, klToUniform: klToUniform(counts) };
}
