import type * as tf from '@tensorflow/tfjs-core';
import type { DiscriminatorRegularizer, RegularizerInputs } from './regularizer.js';
import { halfSquaredGradientNormPenalty } from './input_gradient.js';
import { resolveRegularizerOptions, type RegularizerOptions } from './regularizer_options.js';

/** Options of {@link r1Regularizer}. */
export interface R1Options extends RegularizerOptions {
  /** λ, which equals the paper's γ (see {@link r1Regularizer}). Default 10, as in Mescheder et al. (2018). */
  readonly weight?: number;
}

const NAME = 'r1Regularizer';

/**
 * The R1 regularizer (Mescheder et al. 2018, "Which Training Methods for GANs do actually Converge?",
 * arXiv 1801.04406): a zero-centred gradient penalty on *real* data,
 *
 *   penalty = ½ · mean over the batch of ‖∇ₓ D(x)‖₂²,  x real,
 *
 * with the squared norm taken per sample over all non-batch axes. The paper writes the regularizer as (γ/2)·E‖∇D‖²;
 * the ½ is inside the penalty here, so `weight` **is** γ. StyleGAN2 (Karras et al. 2020, arXiv 1912.04958) applies
 * it lazily, `every: 16`. Differentiable with respect to D's weights (double backpropagation; it calls
 * `enableSecondOrderGradients()` itself).
 *
 * @param options - `weight` (γ, default 10), `every` (default 1).
 * @returns a {@link DiscriminatorRegularizer} named `'r1'`.
 * @throws if an option is out of range.
 *
 * @example
 * ```ts
 * const regularizers = [r1Regularizer({ weight: 10, every: 16 })];
 * ```
 */
export function r1Regularizer(options: R1Options = {}): DiscriminatorRegularizer {
  const { weight, every } = resolveRegularizerOptions(options, 10, NAME);
  return {
    name: 'r1',
    weight,
    every,
    penalty: ({ critic, real }: RegularizerInputs): tf.Tensor =>
      halfSquaredGradientNormPenalty(critic, real, NAME),
  };
}
