import type * as tf from '@tensorflow/tfjs-core';
import { Matrix, covariance } from 'ml-matrix';

import { featureMatrix } from './feature_matrix.js';
import { psdEigen, symmetricMatrixSqrt } from './matrix_sqrt.js';

/** The mean and covariance of a set of feature vectors: the Gaussian the Fréchet distance compares. */
export interface GaussianMoments {
  /** The mean μ, length d. */
  readonly mean: readonly number[];
  /** The covariance Σ, d×d rows, symmetric positive semi-definite. */
  readonly covariance: ReadonlyArray<ReadonlyArray<number>>;
}

/**
 * The sample mean μ = (1/n) Σ xᵢ and the unbiased sample covariance Σ = (1/(n−1)) Σ (xᵢ − μ)(xᵢ − μ)ᵀ of features
 * `[n, d]` (the estimator of the reference FID code, Heusel et al. 2017, arXiv 1706.08500), in float64.
 *
 * @param features - `[n, d]`, n ≥ 2, finite.
 * @example
 * ```ts
 * const real = featureMoments(realFeatures); // keep the real moments and reuse them for every evaluation
 * ```
 */
export function featureMoments(features: tf.Tensor2D): GaussianMoments {
  return momentsOf(features, 'featureMoments: features');
}

function momentsOf(features: tf.Tensor2D, where: string): GaussianMoments {
  const x = featureMatrix(features, where, 2);
  return { mean: x.mean('column'), covariance: covariance(x).to2DArray() };
}

function checkMoments(m: GaussianMoments, name: string, d: number): Matrix {
  if (m.mean.length !== d || m.covariance.length !== d || m.covariance.some((row) => row.length !== d)) {
    throw new Error(
      `frechetDistanceFromMoments: ${name} must have a mean of length ${d} and a ${d}×${d} covariance, ` +
        `got a mean of length ${m.mean.length} and ${m.covariance.length} covariance rows.`,
    );
  }
  if (!m.mean.every(Number.isFinite) || !m.covariance.every((row) => row.every(Number.isFinite))) {
    throw new Error(`frechetDistanceFromMoments: ${name} holds a non-finite value.`);
  }
  return new Matrix(m.covariance.map((row) => [...row]));
}

/**
 * The Fréchet distance between two Gaussians N(μ1, Σ1) and N(μ2, Σ2) (Heusel et al. 2017, arXiv 1706.08500):
 * ‖μ1 − μ2‖² + Tr(Σ1 + Σ2 − 2(Σ1Σ2)^{1/2}).
 *
 * Tr((Σ1Σ2)^{1/2}) is computed stably as Σᵢ √λᵢ over the eigenvalues λᵢ of the symmetric PSD matrix
 * Σ1^{1/2} Σ2 Σ1^{1/2} (it is similar to Σ1Σ2, so they share eigenvalues), with two symmetric eigendecompositions
 * in float64 (ml-matrix) instead of a general matrix square root. Eigenvalues that round-off pushed slightly below
 * zero are clamped to 0 (see {@link symmetricMatrixSqrt}). For identical moments the result is 0 up to round-off
 * (it may be a tiny negative number; it is not clamped).
 *
 * @param moments1 - μ1 and Σ1, e.g. from {@link featureMoments}.
 * @param moments2 - μ2 and Σ2, of the same dimension d.
 */
export function frechetDistanceFromMoments(moments1: GaussianMoments, moments2: GaussianMoments): number {
  const d = moments1.mean.length;
  if (d < 1) throw new Error('frechetDistanceFromMoments: moments1 has an empty mean; the dimension must be ≥ 1.');
  const sigma1 = checkMoments(moments1, 'moments1', d);
  const sigma2 = checkMoments(moments2, 'moments2', d);
  let meanTerm = 0;
  for (let j = 0; j < d; j++) meanTerm += (moments1.mean[j]! - moments2.mean[j]!) ** 2;
  const root1 = symmetricMatrixSqrt(sigma1);
  const { values } = psdEigen(root1.mmul(sigma2).mmul(root1), 'frechetDistanceFromMoments');
  const traceOfRoot = values.reduce((sum, v) => sum + Math.sqrt(v), 0);
  return meanTerm + sigma1.trace() + sigma2.trace() - 2 * traceOfRoot;
}

/**
 * The Fréchet distance (FID when the features come from Inception; Heusel et al. 2017, arXiv 1706.08500) between two
 * sets of features, each summarized by a Gaussian: ‖μ1 − μ2‖² + Tr(Σ1 + Σ2 − 2(Σ1Σ2)^{1/2}), with the moments of
 * {@link featureMoments} and the computation of {@link frechetDistanceFromMoments}.
 *
 * The value depends on the feature network and is biased upwards for small samples (Bińkowski et al. 2018, arXiv
 * 1801.01401): always report both with it, and compare only numbers with the same network and sample sizes.
 *
 * @param features1 - `[n1, d]`, n1 ≥ 2 (e.g. features of real images).
 * @param features2 - `[n2, d]`, n2 ≥ 2 (e.g. features of generated images).
 * @example
 * ```ts
 * const fid = frechetDistance(extractFeatures(real, extractor), extractFeatures(fake, extractor));
 * ```
 */
export function frechetDistance(features1: tf.Tensor2D, features2: tf.Tensor2D): number {
  if (features1.rank === 2 && features2.rank === 2 && features1.shape[1] !== features2.shape[1]) {
    throw new Error(
      `frechetDistance: features1 [${features1.shape.join(', ')}] and features2 [${features2.shape.join(', ')}] ` +
        'must have the same number of features d.',
    );
  }
  return frechetDistanceFromMoments(momentsOf(features1, 'frechetDistance: features1'), momentsOf(features2, 'frechetDistance: features2'));
}
