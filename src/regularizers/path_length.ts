import * as tf from '@tensorflow/tfjs-core';
import { enableSecondOrderGradients } from '../gradients/enable_second_order_gradients.js';
import type { GeneratorRegularizer, GeneratorRegularizerInputs } from './regularizer.js';
import { assertFiniteOption, resolveRegularizerOptions, type RegularizerOptions } from './regularizer_options.js';

/** Options of {@link pathLengthRegularizer}. */
export interface PathLengthOptions extends RegularizerOptions {
  /** λ. Default 2, StyleGAN2's `pl_weight`. */
  readonly weight?: number;
  /** β, the rate of the running mean a: a ← a + β·(mean ‖Jᵀy‖ − a); in (0, 1]. Default 0.01, StyleGAN2's `pl_decay`. */
  readonly decay?: number;
  /** The penalty uses the first ⌈n / batchShrink⌉ latents of the batch; an integer ≥ 1. Default 2 (StyleGAN2's `pl_batch_shrink`). */
  readonly batchShrink?: number;
}

const NAME = 'pathLengthRegularizer';

/**
 * StyleGAN2's path-length regularizer (Karras et al. 2020, "Analyzing and Improving the Image Quality of StyleGAN",
 * arXiv 1912.04958, §3.2), a penalty on the generator that makes a fixed-size step in the latent space change the
 * sample by a fixed amount:
 *
 *   penalty = mean over the batch of (‖J_zᵀ y‖₂ − a)²,  y ~ N(0, I) / √(H·W),  J_z = ∂G(z)/∂z,
 *
 * with ‖J_zᵀ y‖₂ = ‖∇_z Σ G(z)·y‖₂ per sample (the random projection avoids the full Jacobian), H·W the number of
 * positions of a sample (all non-batch axes but the last, 1 for vectors), and a the running mean of the lengths,
 * a ← a + β·(mean ‖J_zᵀ y‖ − a), updated at each evaluation and saved with the trainer (variable `mean`). In StyleGAN2
 * z is the intermediate latent w fed to the synthesis network; with any other generator it is the generator's latent
 * input. Apply it lazily as the paper does (`every: 4`). Differentiable with respect to G's weights (double
 * backpropagation; it calls `enableSecondOrderGradients()` itself).
 *
 * @param options - `weight` (λ, default 2), `decay` (β, default 0.01), `batchShrink` (default 2), `every` (default 1).
 * @returns a {@link GeneratorRegularizer} named `'path-length'`, holding the running mean as the variable `mean`.
 * @throws if an option is out of range.
 * @example
 * ```ts
 * const trainer = new AdversarialTrainer(gan, { regularizers: [r1Regularizer({ weight: 10, every: 16 }), pathLengthRegularizer({ every: 4 })] });
 * ```
 */
export function pathLengthRegularizer(options: PathLengthOptions = {}): GeneratorRegularizer {
  const { weight, every } = resolveRegularizerOptions(options, 2, NAME);
  const { decay = 0.01, batchShrink = 2 } = options;
  assertFiniteOption(decay, 'decay', NAME, 0, true);
  if (decay > 1) throw new Error(`gan-kit ${NAME}: options.decay must be in (0, 1], got ${decay}.`);
  if (!Number.isInteger(batchShrink) || batchShrink < 1) {
    throw new Error(`gan-kit ${NAME}: options.batchShrink must be an integer ≥ 1, got ${batchShrink}.`);
  }
  const mean = tf.tidy(() => tf.variable(tf.scalar(0), false));
  return {
    name: 'path-length',
    role: 'generator',
    weight,
    every,
    variables: { mean },
    penalty: ({ generate, latents, fake, random }: GeneratorRegularizerInputs): tf.Tensor => {
      enableSecondOrderGradients();
      return tf.tidy(() => {
        const n = Math.max(1, Math.ceil((latents.shape[0] ?? 1) / batchShrink));
        const z = tf.slice(latents, 0, n);
        const shape = [n, ...fake.shape.slice(1)];
        const positions = shape.length > 2 ? shape.slice(1, -1).reduce((a, b) => a * b, 1) : 1;
        const y = tf.div(random.normalTensor(shape), Math.sqrt(positions));
        const gradient = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(generate(input), y)))(z);
        const axes = gradient.shape.map((_, i) => i).slice(1);
        const lengths = tf.sqrt(axes.length > 0 ? tf.sum(tf.square(gradient), axes) : tf.square(gradient));
        const updated = tf.add(mean, tf.mul(tf.sub(tf.mean(lengths), mean), decay));
        mean.assign(updated as tf.Scalar);
        return tf.mean(tf.square(tf.sub(lengths, updated)));
      });
    },
  };
}
