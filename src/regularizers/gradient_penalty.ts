import * as tf from '@tensorflow/tfjs-core';
import type { DiscriminatorRegularizer, RegularizerInputs } from './regularizer.js';
import { gradientNormPenalty } from './input_gradient.js';
import { assertFiniteOption, resolveRegularizerOptions, type RegularizerOptions } from './regularizer_options.js';

/** Options of {@link gradientPenaltyRegularizer}. */
export interface GradientPenaltyOptions extends RegularizerOptions {
  /** λ. Default 10, the value of Gulrajani et al. (2017). */
  readonly weight?: number;
  /** The gradient norm the critic is pulled towards; finite, ≥ 0. Default 1 (a 1-Lipschitz critic). */
  readonly target?: number;
}

const NAME = 'gradientPenaltyRegularizer';

/** Throws unless the real and generated batches have the same shape (x̂ interpolates them sample by sample). */
function assertSameShape(real: tf.Tensor, fake: tf.Tensor): void {
  if (real.shape.length !== fake.shape.length || real.shape.some((d, i) => d !== fake.shape[i])) {
    throw new Error(
      `gan-kit ${NAME}: real and fake must have the same shape, got [${real.shape.join(', ')}] and ` +
        `[${fake.shape.join(', ')}]; draw as many generated samples as real ones.`,
    );
  }
}

/**
 * The WGAN-GP gradient penalty (Gulrajani et al. 2017, "Improved Training of Wasserstein GANs", arXiv 1704.00028):
 *
 *   penalty = mean over the batch of (‖∇ₓ̂ D(x̂)‖₂ − target)²,  x̂ = ε·x + (1 − ε)·x̃,  ε ~ U[0, 1] per sample,
 *
 * where x is the real batch and x̃ the generated one. ε is drawn from the trainer's seeded stream
 * (`inputs.random`), one value per sample broadcast over the sample's other axes. The norm is taken per sample over
 * all non-batch axes as √(Σ g² + 1e-12). The penalty is differentiable with
 * respect to D's weights (double backpropagation; it calls `enableSecondOrderGradients()` itself).
 *
 * The paper pairs it with the Wasserstein loss, 5 critic steps, Adam(1e-4, β₁ = 0, β₂ = 0.9) and no batch
 * normalization in the critic (batch statistics make each sample's gradient depend on the others): use layer
 * normalization or none.
 *
 * @param options - `weight` (λ, default 10), `target` (default 1), `every` (default 1).
 * @returns a {@link DiscriminatorRegularizer} named `'gradient-penalty'`.
 * @throws if an option is out of range; its `penalty` throws if `real` and `fake` differ in shape.
 *
 * @example
 * ```ts
 * const regularizers = [gradientPenaltyRegularizer({ weight: 10 })];
 * ```
 */
export function gradientPenaltyRegularizer(options: GradientPenaltyOptions = {}): DiscriminatorRegularizer {
  const { weight, every } = resolveRegularizerOptions(options, 10, NAME);
  const { target = 1 } = options;
  assertFiniteOption(target, 'target', NAME, 0, false);
  return {
    name: 'gradient-penalty',
    weight,
    every,
    penalty: ({ critic, real, fake, random }: RegularizerInputs): tf.Tensor => {
      assertSameShape(real, fake);
      const [batch, ...sampleShape] = real.shape;
      return tf.tidy(() => {
        const epsilon = random.uniformTensor([batch!, ...sampleShape.map(() => 1)]);
        const points = tf.add(tf.mul(epsilon, real), tf.mul(tf.sub(1, epsilon), fake));
        return gradientNormPenalty(critic, points, target, NAME);
      });
    },
  };
}
