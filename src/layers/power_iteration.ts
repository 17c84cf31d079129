import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** Gradient barrier: the forward value is x, the gradient is zero (TensorFlow's `stop_gradient`). */
const stopGradient = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => ({
  value: tf.clone(inputs[0] as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as (x: tf.Tensor) => tf.Tensor;

/** x · rsqrt(max(Σx², ε)) over the last axis (TensorFlow's `l2_normalize`). */
function l2Normalize(x: tf.Tensor2D, epsilon: number): tf.Tensor2D {
  return tf.mul(x, tf.rsqrt(tf.maximum(tf.sum(tf.square(x), -1, true), epsilon)));
}

/** How {@link spectralNormEstimate} runs the power iteration. */
export interface PowerIterationSettings {
  /** Steps per training call, an integer ≥ 1. */
  readonly powerIterations: number;
  /** Floor on the squared norm in each l2 normalization. */
  readonly epsilon: number;
  /** Whether to run the steps and store the new u (training), or to use the stored u unchanged (inference). */
  readonly training: boolean;
}

/**
 * The largest singular value σ of a matrix W `[m, n]` by power iteration with a persistent vector u `[1, n]` (Miyato
 * et al. 2018, arXiv:1802.05957, Algorithm 1). The stored u is l2-normalized first; in training `powerIterations`
 * steps of v = l2normalize(u Wᵀ), u = l2normalize(v W) run and the new u is written back, in inference only v's half
 * step runs. σ = v W uᵀ, where u and v carry no gradient, so the gradient of σ flows to W alone.
 *
 * @param matrix - W, differentiable.
 * @param u - the layer's non-trainable power-iteration vector `[1, n]`.
 * @returns σ, a scalar.
 */
export function spectralNormEstimate(matrix: tf.Tensor2D, u: tfl.LayerVariable, settings: PowerIterationSettings): tf.Scalar {
  const { powerIterations, epsilon, training } = settings;
  const constant = stopGradient(matrix) as tf.Tensor2D;
  const steps = training ? powerIterations : 0;
  let left = l2Normalize(u.read() as tf.Tensor2D, epsilon);
  let right = l2Normalize(tf.matMul(left, constant, false, true), epsilon);
  for (let step = 1; step <= steps; step++) {
    left = l2Normalize(tf.matMul(right, constant), epsilon);
    if (step < steps) right = l2Normalize(tf.matMul(left, constant, false, true), epsilon);
  }
  if (training) u.write(left);
  return tf.reshape(tf.matMul(tf.matMul(right, matrix), left, false, true), []);
}
