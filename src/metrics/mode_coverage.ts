import type * as tf from '@tensorflow/tfjs-core';

import { featureMatrix } from './feature_matrix.js';
import { klToUniform } from './kl_to_uniform.js';

/** Options of {@link modeCoverage}. */
export interface ModeCoverageOptions {
  /** The mixture's means (its modes), K ≥ 1 points of the samples' dimension d, e.g. `ring8Modes()` or `grid25Modes()`. */
  readonly modes: ReadonlyArray<ReadonlyArray<number>>;
  /** The standard deviation σ of every mixture component, > 0 (ring8: 0.01, grid25: 0.05). */
  readonly std: number;
  /** A sample is high quality when its Euclidean distance to its nearest mode is at most `threshold`·σ. Default 3. */
  readonly threshold?: number;
}

/** The result of {@link modeCoverage}. */
export interface ModeCoverage {
  /** How many modes are the nearest mode of at least one high-quality sample (0 … K). */
  readonly modesCaptured: number;
  /** The fraction of samples that are high quality, in [0, 1]. */
  readonly highQualityFraction: number;
  /**
   * KL(histogram of the nearest modes of the high-quality samples ‖ uniform over the K modes) in nats: 0 when the
   * high-quality samples spread evenly, log K when they all sit at one mode. Empty modes contribute 0 (see
   * {@link klToUniform}); NaN when there is no high-quality sample.
   */
  readonly reverseKl: number;
  /** The histogram: how many high-quality samples have each mode as nearest, length K. */
  readonly counts: readonly number[];
}

/**
 * Mode coverage of samples from a generator trained on a mixture of Gaussians, the protocol of VEEGAN (Srivastava et
 * al. 2017, arXiv 1705.07761) and PacGAN (Lin et al. 2018, arXiv 1712.04086): each sample is assigned to its nearest
 * mode; it is high quality when within `threshold` (3) standard deviations of it; a mode is captured when at least one
 * high-quality sample is assigned to it; the reverse KL compares the histogram of the high-quality samples over the
 * modes with the uniform distribution. The protocol scores 2,500 samples. Computed in float64.
 *
 * @param samples - generated points `[n, d]`, n ≥ 1.
 * @param options - the mixture, see {@link ModeCoverageOptions}.
 * @example
 * ```ts
 * const { modesCaptured, highQualityFraction, reverseKl } = modeCoverage(samples, { modes: ring8Modes(), std: 0.01 });
 * ```
 */
export function modeCoverage(samples: tf.Tensor2D, options: ModeCoverageOptions): ModeCoverage {
  const { modes, std } = options;
  const threshold = options.threshold ?? 3;
  if (!(Number.isFinite(std) && std > 0)) throw new Error(`modeCoverage: std must be a finite number > 0, got ${std}.`);
  if (!(Number.isFinite(threshold) && threshold > 0)) {
    throw new Error(`modeCoverage: threshold must be a finite number > 0, got ${threshold}.`);
  }
  if (modes.length === 0) throw new Error('modeCoverage: modes must hold at least one point, got none.');
  const x = featureMatrix(samples, 'modeCoverage: samples', 1);
  const d = x.columns;
  modes.forEach((m, i) => {
    if (m.length !== d || !m.every(Number.isFinite)) {
      throw new Error(`modeCoverage: modes[${i}] = [${m.join(', ')}] must be ${d} finite numbers, the samples' dimension.`);
    }
  });
  const counts = new Array<number>(modes.length).fill(0);
  const limit2 = (threshold * std) ** 2;
  let highQuality = 0;
  for (let i = 0; i < x.rows; i++) {
    let nearest = 0;
    let best = Number.POSITIVE_INFINITY;
    modes.forEach((m, k) => {
      let dist2 = 0;
      for (let j = 0; j < d; j++) dist2 += (x.get(i, j) - m[j]!) ** 2;
      if (dist2 < best) {
        best = dist2;
        nearest = k;
      }
    });
    if (best <= limit2) {
      highQuality++;
      counts[nearest]! += 1;
    }
  }
  return {
    modesCaptured: counts.filter((c) => c > 0).length,
    highQualityFraction: highQuality / x.rows,
    reverseKl: klToUniform(counts),
    counts,
  };
}
