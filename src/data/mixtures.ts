import * as tf from '@tensorflow/tfjs-core';

import { SeededRandom } from '../utils/random.js';

/** Options of {@link gaussianMixture}. */
export interface GaussianMixtureOptions {
  /** The component means, one point per component; all of one dimension d ≥ 1. Components have equal weights. */
  readonly means: ReadonlyArray<ReadonlyArray<number>>;
  /** The standard deviation σ of every component (isotropic), σ ≥ 0. */
  readonly std: number;
  /** How many points to draw, a positive integer. */
  readonly count: number;
  /** Seed of the {@link SeededRandom} stream the points are drawn from; the same seed gives the same points. */
  readonly seed: number | string;
}

/** Points drawn from a mixture of Gaussians, with the mixture they came from. */
export interface MixtureSample {
  /** The points, shape `[count, d]`, float32. The caller owns (and disposes) this tensor. */
  readonly samples: tf.Tensor2D;
  /** The component means (the mixture's modes), `[k][d]`, in component order. */
  readonly modes: number[][];
  /** The components' standard deviation σ. */
  readonly std: number;
  /** For each point, the index of the component it was drawn from (0 … k−1). */
  readonly components: Int32Array;
}

/** Options of {@link ring8}. */
export interface Ring8Options {
  /** How many points to draw, a positive integer. */
  readonly count: number;
  /** Seed of the random stream; the same seed gives the same points. */
  readonly seed: number | string;
  /** Radius of the ring of means, > 0. Default 1. */
  readonly radius?: number;
  /** Standard deviation of every component. Default 0.01. */
  readonly std?: number;
}

/** Options of {@link grid25}. */
export interface Grid25Options {
  /** How many points to draw, a positive integer. */
  readonly count: number;
  /** Seed of the random stream; the same seed gives the same points. */
  readonly seed: number | string;
  /** Standard deviation of every component. Default 0.05. */
  readonly std?: number;
}

/**
 * Draws points from an equal-weight mixture of isotropic Gaussians: for each point a component i is chosen
 * uniformly, then x = means[i] + σ·ε with ε ~ N(0, I).
 *
 * @example
 * ```ts
 * const { samples, modes } = gaussianMixture({ means: [[-1, 0], [1, 0]], std: 0.1, count: 1000, seed: 1 });
 * ```
 */
export function gaussianMixture(options: GaussianMixtureOptions): MixtureSample {
  const { means, std, count, seed } = options;
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`gaussianMixture: count must be a positive integer, got ${count}.`);
  }
  if (!Number.isFinite(std) || std < 0) {
    throw new Error(`gaussianMixture: std must be a finite number ≥ 0, got ${std}.`);
  }
  const first = means[0];
  if (first === undefined || first.length === 0) {
    throw new Error('gaussianMixture: means must hold at least one point of dimension ≥ 1, got an empty list.');
  }
  const dim = first.length;
  means.forEach((m, i) => {
    if (m.length !== dim) {
      throw new Error(`gaussianMixture: every mean must have ${dim} coordinates like means[0]; means[${i}] has ${m.length}.`);
    }
    if (!m.every(Number.isFinite)) {
      throw new Error(`gaussianMixture: means[${i}] = [${m.join(', ')}] holds a non-finite coordinate.`);
    }
  });
  const random = new SeededRandom(seed);
  const values = new Float32Array(count * dim);
  const components = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    const k = Math.floor(random.uniform() * means.length);
    components[n] = k;
    const mean = means[k]!;
    for (let j = 0; j < dim; j++) values[n * dim + j] = mean[j]! + std * random.normal();
  }
  return {
    samples: tf.tensor2d(values, [count, dim], 'float32'),
    modes: means.map((m) => [...m]),
    std,
    components,
  };
}

/**
 * The 8 means of the ring8 benchmark: (r·cos 2πi/8, r·sin 2πi/8), i = 0 … 7. The angles step by 2π/8 from 0, so
 * the last mean is at 7·2π/8 (not at 2π, which would coincide with the first, the `linspace(0, 2π, 8)` bug).
 *
 * @param radius - the ring's radius, > 0. Default 1.
 */
export function ring8Modes(radius = 1): number[][] {
  if (!Number.isFinite(radius) || radius <= 0) {
    throw new Error(`ring8Modes: radius must be a finite number > 0, got ${radius}.`);
  }
  return Array.from({ length: 8 }, (_, i) => [radius * Math.cos((2 * Math.PI * i) / 8), radius * Math.sin((2 * Math.PI * i) / 8)]);
}

/** The 25 means of the grid25 benchmark: {−4, −2, 0, 2, 4}², in row-major order (x outer, y inner). */
export function grid25Modes(): number[][] {
  const axis = [-4, -2, 0, 2, 4];
  return axis.flatMap((x) => axis.map((y) => [x, y]));
}

/**
 * The ring8 benchmark of mode coverage (VEEGAN, Srivastava et al. 2017, arXiv 1705.07761; PacGAN, Lin et al. 2018,
 * arXiv 1712.04086): an equal-weight mixture of 8 Gaussians with σ = 0.01 whose means lie evenly on the unit circle
 * (see {@link ring8Modes}).
 *
 * @example
 * ```ts
 * const { samples, modes } = ring8({ count: 2500, seed: 0 }); // samples: [2500, 2]
 * ```
 */
export function ring8(options: Ring8Options): MixtureSample {
  return gaussianMixture({ means: ring8Modes(options.radius ?? 1), std: options.std ?? 0.01, count: options.count, seed: options.seed });
}

/**
 * The grid25 benchmark of mode coverage (VEEGAN, arXiv 1705.07761; PacGAN, arXiv 1712.04086): an equal-weight
 * mixture of 25 Gaussians with σ = 0.05 whose means are the grid {−4, −2, 0, 2, 4}² (see {@link grid25Modes}).
 *
 * @example
 * ```ts
 * const { samples, modes } = grid25({ count: 2500, seed: 0 }); // samples: [2500, 2]
 * ```
 */
export function grid25(options: Grid25Options): MixtureSample {
  return gaussianMixture({ means: grid25Modes(), std: options.std ?? 0.05, count: options.count, seed: options.seed });
}
