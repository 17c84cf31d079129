import * as tf from '@tensorflow/tfjs-core';

import { SeededRandom } from '../utils/random.js';

/** Options of {@link kernelInceptionDistance}. */
export interface KernelInceptionDistanceOptions {
  /** How many random subsets to average over, a positive integer. Default 100 (as in the paper's code). */
  readonly subsets?: number;
  /**
   * Points drawn (without replacement) from each set for each subset, an integer 2 … min(n1, n2).
   * Default min(1000, n1, n2).
   */
  readonly subsetSize?: number;
  /** Seed of the {@link SeededRandom} stream that draws the subsets. Default 0. */
  readonly seed?: number | string;
}

/** The result of {@link kernelInceptionDistance}. */
export interface KernelInceptionDistance {
  /** The mean of the per-subset estimates: the KID. */
  readonly mean: number;
  /** The standard deviation of the per-subset estimates (population form, divided by the number of subsets). */
  readonly std: number;
  /** The unbiased MMD² estimate of every subset, in draw order. */
  readonly values: readonly number[];
  /** The subset size used. */
  readonly subsetSize: number;
}

function checkFeatures(features: tf.Tensor, where: string): void {
  if (features.rank !== 2 || features.shape[0]! < 2 || features.shape[1]! < 1) {
    throw new Error(`${where} must be [n, d] features with n ≥ 2 and d ≥ 1, got shape [${features.shape.join(', ')}].`);
  }
}

/** Σ over all entries of the cubic kernel (g/d + 1)³ of a Gram matrix g, and the same over its diagonal, in float64. */
function kernelSums(gram: tf.Tensor2D, d: number): { all: number; diagonal: number } {
  const values = gram.dataSync();
  const [rows, cols] = gram.shape;
  let all = 0;
  let diagonal = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const k = (values[i * cols + j]! / d + 1) ** 3;
      all += k;
      if (i === j) diagonal += k;
    }
  }
  return { all, diagonal };
}

/**
 * The unbiased estimate of the squared maximum mean discrepancy (Gretton et al. 2012) between the distributions of
 * two feature sets x (m rows) and y (n rows) under the cubic polynomial kernel k(a, b) = (aᵀb/d + 1)³ of KID
 * (Bińkowski et al. 2018, arXiv 1801.01401):
 * MMD²ᵤ = 1/(m(m−1)) Σ_{i≠j} k(xᵢ, xⱼ) + 1/(n(n−1)) Σ_{i≠j} k(yᵢ, yⱼ) − 2/(mn) Σ_{i,j} k(xᵢ, yⱼ).
 * Its expectation is the population MMD² (0 when the distributions are equal), so it can be negative. Dot products
 * run on the active backend (float32), the kernel and the sums in float64.
 *
 * @param x - `[m, d]`, m ≥ 2.
 * @param y - `[n, d]`, n ≥ 2, the same d.
 */
export function polynomialKernelMmd2(x: tf.Tensor2D, y: tf.Tensor2D): number {
  checkFeatures(x, 'polynomialKernelMmd2: x');
  checkFeatures(y, 'polynomialKernelMmd2: y');
  const [m, d] = x.shape;
  const n = y.shape[0];
  if (y.shape[1] !== d) {
    throw new Error(`polynomialKernelMmd2: x [${x.shape.join(', ')}] and y [${y.shape.join(', ')}] must have the same number of features.`);
  }
  const grams = tf.tidy((): tf.Tensor2D[] => [tf.matMul(x, x, false, true), tf.matMul(y, y, false, true), tf.matMul(x, y, false, true)]);
  try {
    const xx = kernelSums(grams[0]!, d);
    const yy = kernelSums(grams[1]!, d);
    const xy = kernelSums(grams[2]!, d);
    return (xx.all - xx.diagonal) / (m * (m - 1)) + (yy.all - yy.diagonal) / (n * (n - 1)) - (2 * xy.all) / (m * n);
  } finally {
    tf.dispose(grams);
  }
}

/**
 * Kernel inception distance (KID, Bińkowski et al. 2018, arXiv 1801.01401): the unbiased MMD² of
 * {@link polynomialKernelMmd2} with the kernel k(a, b) = (aᵀb/d + 1)³, averaged over `subsets` random subsets of
 * `subsetSize` points drawn without replacement from each set. Unlike the Fréchet distance it has an unbiased
 * estimator, so values from different sample sizes are comparable; like it, it depends on the feature network.
 *
 * @param features1 - `[n1, d]`, n1 ≥ 2 (e.g. features of real images).
 * @param features2 - `[n2, d]`, n2 ≥ 2, the same d.
 * @param options - see {@link KernelInceptionDistanceOptions}.
 * @example
 * ```ts
 * const { mean, std } = kernelInceptionDistance(realFeatures, fakeFeatures, { subsets: 10, subsetSize: 500 });
 * ```
 */
export function kernelInceptionDistance(
  features1: tf.Tensor2D,
  features2: tf.Tensor2D,
  options: KernelInceptionDistanceOptions = {},
): KernelInceptionDistance {
  checkFeatures(features1, 'kernelInceptionDistance: features1');
  checkFeatures(features2, 'kernelInceptionDistance: features2');
  if (features1.shape[1] !== features2.shape[1]) {
    throw new Error(
      `kernelInceptionDistance: features1 [${features1.shape.join(', ')}] and features2 [${features2.shape.join(', ')}] ` +
        'must have the same number of features d.',
    );
  }
  const n1 = features1.shape[0];
  const n2 = features2.shape[0];
  const subsets = options.subsets ?? 100;
  if (!Number.isInteger(subsets) || subsets < 1) {
    throw new Error(`kernelInceptionDistance: subsets must be a positive integer, got ${subsets}.`);
  }
  const subsetSize = options.subsetSize ?? Math.min(1000, n1, n2);
  if (!Number.isInteger(subsetSize) || subsetSize < 2 || subsetSize > Math.min(n1, n2)) {
    throw new Error(
      `kernelInceptionDistance: subsetSize must be an integer in 2 … ${Math.min(n1, n2)} (the smaller set's size), ` +
        `got ${subsetSize}; pass more samples or a smaller subsetSize.`,
    );
  }
  const random = new SeededRandom(options.seed ?? 0);
  const values: number[] = [];
  for (let s = 0; s < subsets; s++) {
    const pick1 = random.permutation(n1).subarray(0, subsetSize);
    const pick2 = random.permutation(n2).subarray(0, subsetSize);
    const pair = tf.tidy((): tf.Tensor2D[] => [
      tf.gather(features1, tf.tensor1d(pick1, 'int32')),
      tf.gather(features2, tf.tensor1d(pick2, 'int32')),
    ]);
    try {
      values.push(polynomialKernelMmd2(pair[0]!, pair[1]!));
    } finally {
      tf.dispose(pair);
    }
  }
  const mean = values.reduce((a, b) => a + b, 0) / subsets;
  const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / subsets);
  return { mean, std, values, subsetSize };
}
