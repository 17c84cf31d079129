import type * as tf from '@tensorflow/tfjs-core';

/** Options of {@link inceptionScore}. */
export interface InceptionScoreOptions {
  /**
   * Split the samples into this many consecutive equal parts (the last takes the remainder), score each part and
   * report the mean and standard deviation, as Salimans et al. did with 10 splits. An integer 1 … n. Default 1.
   */
  readonly splits?: number;
}

/** The result of {@link inceptionScore}. */
export interface InceptionScore {
  /** The mean of the per-split scores (the score itself when `splits` is 1); in [1, number of classes]. */
  readonly mean: number;
  /** The standard deviation of the per-split scores (population form); 0 for one split. */
  readonly std: number;
  /** The score of each split. */
  readonly scores: readonly number[];
}

/** exp(mean over rows of KL(p(y|x) ‖ p(y))) for rows [from, to) of an n×c probability table, in float64. */
function scoreOf(p: ArrayLike<number>, c: number, from: number, to: number): number {
  const marginal = new Float64Array(c);
  for (let i = from; i < to; i++) for (let j = 0; j < c; j++) marginal[j]! += p[i * c + j]!;
  for (let j = 0; j < c; j++) marginal[j]! /= to - from;
  let kl = 0;
  for (let i = from; i < to; i++) {
    for (let j = 0; j < c; j++) {
      const q = p[i * c + j]!;
      if (q > 0) kl += q * Math.log(q / marginal[j]!);
    }
  }
  return Math.exp(kl / (to - from));
}

/**
 * An inception-style score (Salimans et al. 2016, arXiv 1606.03498) from a classifier's class probabilities p(y|x):
 * IS = exp(E_x[KL(p(y|x) ‖ p(y))]), where p(y) is the mean of p(y|x) over the samples and 0·log 0 counts as 0.
 * It is 1 when every sample gets the same prediction and reaches the number of classes when the predictions are
 * confident and spread evenly over the classes. It depends on the classifier: with Inception it is "the" IS; with
 * another classifier (e.g. {@link loadMnistClassifier}) report which.
 *
 * @param probabilities - `[n, classes]` rows of class probabilities (softmax outputs, each row ≥ 0 and summing to 1
 *   within 1e-3), n ≥ 1.
 * @param options - see {@link InceptionScoreOptions}.
 * @example
 * ```ts
 * const probs = classifier.predict(images) as tf.Tensor2D;
 * const { mean } = inceptionScore(probs);
 * ```
 */
export function inceptionScore(probabilities: tf.Tensor2D, options: InceptionScoreOptions = {}): InceptionScore {
  if (probabilities.rank !== 2 || probabilities.shape[0]! < 1 || probabilities.shape[1]! < 1) {
    throw new Error(
      `inceptionScore: probabilities must be [n, classes] with n ≥ 1, got shape [${probabilities.shape.join(', ')}].`,
    );
  }
  const [n, c] = probabilities.shape;
  const splits = options.splits ?? 1;
  if (!Number.isInteger(splits) || splits < 1 || splits > n) {
    throw new Error(`inceptionScore: splits must be an integer in 1 … ${n} (the number of samples), got ${splits}.`);
  }
  const p = probabilities.dataSync();
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < c; j++) {
      const q = p[i * c + j]!;
      if (!(q >= 0 && q <= 1)) {
        throw new Error(`inceptionScore: probabilities[${i}][${j}] = ${q} is not in [0, 1]; pass softmax outputs, not logits.`);
      }
      sum += q;
    }
    if (Math.abs(sum - 1) > 1e-3) {
      throw new Error(`inceptionScore: row ${i} of probabilities sums to ${sum}, not 1; pass softmax outputs.`);
    }
  }
  const part = Math.floor(n / splits);
  const scores = Array.from({ length: splits }, (_, s) => scoreOf(p, c, s * part, s === splits - 1 ? n : (s + 1) * part));
  const mean = scores.reduce((a, b) => a + b, 0) / splits;
  const std = Math.sqrt(scores.reduce((a, v) => a + (v - mean) ** 2, 0) / splits);
  return { mean, std, scores };
}
