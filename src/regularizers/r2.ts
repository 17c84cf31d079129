import type * as tf from '@tensorflow/tfjs-core';
import type { DiscriminatorRegularizer, RegularizerInputs } from './regularizer.js';
import { halfSquaredGradientNormPenalty } from './input_gradient.js';
import { resolveRegularizerOptions, type RegularizerOptions } from './regularizer_options.js';

/** Options of {@link r2Regularizer}. */
export interface R2Options extends RegularizerOptions {
  /** λ, which equals the paper's γ (see {@link r2Regularizer}). Default 10, as for R1. */
  readonly weight?: number;
}

const NAME = 'r2Regularizer';

/**
 * The R2 regularizer (Mescheder et al. 2018, arXiv 1801.04406): the zero-centred gradient penalty of R1 taken on
 * *generated* data instead,
 *
 *   penalty = ½ · mean over the batch of ‖∇ₓ̃ D(x̃)‖₂²,  x̃ = G(z) (detached from G),
 *
 * so `weight` is the paper's γ, as for `r1Regularizer`. Differentiable with respect to D's weights (double
 * backpropagation; it calls `enableSecondOrderGradients()` itself).
 *
 * @param options - `weight` (γ, default 10), `every` (default 1).
 * @returns a {@link DiscriminatorRegularizer} named `'r2'`.
 * @throws if an option is out of range.
 */
export function r2Regularizer(options: R2Options = {}): DiscriminatorRegularizer {
  const { weight, every } = resolveRegularizerOptions(options, 10, NAME);
  return {
    name: 'r2',
    weight,
    every,
    penalty: ({ fakeCritic, fake }: RegularizerInputs): tf.Tensor =>
      halfSquaredGradientNormPenalty(fakeCritic, fake, NAME),
  };
}
