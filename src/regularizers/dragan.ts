import * as tf from '@tensorflow/tfjs-core';
import type { DiscriminatorRegularizer, RegularizerInputs } from './regularizer.js';
import { gradientNormPenalty } from './input_gradient.js';
import { assertFiniteOption, resolveRegularizerOptions, type RegularizerOptions } from './regularizer_options.js';

/** Options of {@link draganRegularizer}. */
export interface DraganOptions extends RegularizerOptions {
  /** λ. Default 10, as in Kodali et al. (2017). */
  readonly weight?: number;
  /** c, the perturbation's scale relative to the real batch's standard deviation; finite, > 0. Default 0.5. */
  readonly perturbationScale?: number;
  /** The gradient norm the discriminator is pulled towards near the data; finite, ≥ 0. Default 1. */
  readonly target?: number;
}

const NAME = 'draganRegularizer';

/**
 * The DRAGAN penalty (Kodali et al. 2017, "On Convergence and Stability of GANs", arXiv 1705.07215): a gradient
 * penalty in a neighbourhood of the real data,
 *
 *   penalty = mean over the batch of (‖∇ D(x + δ)‖₂ − target)²,  δ = c · std(x) · u,  u ~ U[0, 1] elementwise,
 *
 * where std(x) is the standard deviation of all values of the real batch x (one scalar, as in the authors' code) and
 * u is drawn from the trainer's seeded stream (`inputs.random`). The norm is taken per sample over all non-batch axes
 * as √(Σ g² + 1e-12). Differentiable with respect to D's weights (double
 * backpropagation; it calls `enableSecondOrderGradients()` itself).
 *
 * @param options - `weight` (λ, default 10), `perturbationScale` (c, default 0.5), `target` (default 1),
 *   `every` (default 1).
 * @returns a {@link DiscriminatorRegularizer} named `'dragan'`.
 * @throws if an option is out of range.
 *
 * @example
 * ```ts
 * const regularizers = [draganRegularizer({ weight: 10, perturbationScale: 0.5 })];
 * ```
 */
export function draganRegularizer(options: DraganOptions = {}): DiscriminatorRegularizer {
  const { weight, every } = resolveRegularizerOptions(options, 10, NAME);
  const { perturbationScale = 0.5, target = 1 } = options;
  assertFiniteOption(perturbationScale, 'perturbationScale', NAME, 0, true);
  assertFiniteOption(target, 'target', NAME, 0, false);
  return {
    name: 'dragan',
    weight,
    every,
    penalty: ({ critic, real, random }: RegularizerInputs): tf.Tensor => {
      return tf.tidy(() => {
        const { variance } = tf.moments(real);
        const delta = tf.mul(tf.mul(perturbationScale, tf.sqrt(variance)), random.uniformTensor(real.shape));
        return gradientNormPenalty(critic, tf.add(real, delta), target, NAME);
      });
    },
  };
}
