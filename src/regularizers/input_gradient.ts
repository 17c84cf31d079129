import * as tf from '@tensorflow/tfjs-core';
import { enableSecondOrderGradients } from '../gradients/enable_second_order_gradients.js';
import type { Critic } from './regularizer.js';

/**
 * The constant added under the square root of ‖∇‖₂: ‖g‖ = √(Σ g² + 1e-12). The gradient of √s is 1/(2√s), infinite
 * at s = 0; the epsilon keeps the penalty's own gradient finite when a sample's input gradient vanishes (a saturated
 * or dead discriminator) and changes ‖g‖ by less than 1e-6 otherwise.
 */
export const GRADIENT_NORM_EPSILON = 1e-12;

/**
 * Per sample, the squared L2 norm of ∇ₓ D(x) over all non-batch axes: `[batch]`.
 *
 * The gradient is that of Σᵢ D(xᵢ) with respect to the batch, which is D's gradient at each sample when samples do not
 * interact (batch normalization in training mode couples them; then it is the gradient of the batch's summed logit).
 * It is computed on the tape, so the result is differentiable with respect to D's weights (double backpropagation);
 * {@link enableSecondOrderGradients} is called first to make that correct.
 */
export function squaredInputGradientNorms(critic: Critic, points: tf.Tensor, caller: string): tf.Tensor1D {
  enableSecondOrderGradients();
  return tf.tidy(() => {
    const logitsSum = (x: tf.Tensor): tf.Tensor => {
      const logits = critic(x) as tf.Tensor | tf.Tensor[];
      if (Array.isArray(logits)) {
        throw new Error(`gan-kit ${caller}: the discriminator must return one logits tensor, got ${logits.length} outputs.`);
      }
      return tf.sum(logits);
    };
    const gradient = tf.grad(logitsSum)(points);
    const axes = gradient.shape.map((_, i) => i).slice(1);
    return (axes.length > 0 ? tf.sum(tf.square(gradient), axes) : tf.square(gradient)) as tf.Tensor1D;
  });
}

/**
 * mean over the batch of (‖∇ₓ D(x)‖₂ − target)², the two-sided penalty of WGAN-GP and DRAGAN, with
 * ‖g‖₂ = √(Σ g² + {@link GRADIENT_NORM_EPSILON}) per sample over all non-batch axes.
 */
export function gradientNormPenalty(critic: Critic, points: tf.Tensor, target: number, caller: string): tf.Scalar {
  return tf.tidy(() => {
    const norms = tf.sqrt(tf.add(squaredInputGradientNorms(critic, points, caller), GRADIENT_NORM_EPSILON));
    return tf.mean(tf.square(tf.sub(norms, target)));
  });
}

/** ½ · mean over the batch of ‖∇ₓ D(x)‖₂², the zero-centred penalty of R1 and R2 (no epsilon needed). */
export function halfSquaredGradientNormPenalty(critic: Critic, points: tf.Tensor, caller: string): tf.Scalar {
  return tf.tidy(() => tf.mul(0.5, tf.mean(squaredInputGradientNorms(critic, points, caller))));
}
