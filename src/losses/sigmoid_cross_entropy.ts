import * as tf from '@tensorflow/tfjs-core';

/**
 * Per-example sigmoid cross-entropy between logits `x` and a constant target probability `y`, in the numerically
 * stable form:
 *
 * ```
 * CE(x, y) = −y·log σ(x) − (1 − y)·log(1 − σ(x))
 * ```
 *
 * With `log σ(x) = −softplus(−x)` and `log(1 − σ(x)) = log σ(−x) = −softplus(x)`:
 *
 * ```
 * CE(x, y) = y·softplus(−x) + (1 − y)·softplus(x)
 * ```
 *
 * `softplus(x) = log(1 + eˣ)` is evaluated by every tfjs backend without overflow (it returns `x` for large `x` and
 * `eˣ` for very negative `x`), so the result is finite and accurate for any finite logit, and its gradient
 * `σ(x) − y` is exact. No `log(σ(x) + ε)` and no clipping is involved. The `y = 1` and `y = 0` cases use a single
 * softplus.
 *
 * Call inside `tf.tidy`.
 *
 * @param logits - The logits `x`, any shape.
 * @param target - The target probability `y` in `[0, 1]`.
 * @returns The per-example loss, with the shape of `logits`.
 */
export function sigmoidCrossEntropy(logits: tf.Tensor, target: number): tf.Tensor {
  if (target === 1) return tf.softplus(tf.neg(logits));
  if (target === 0) return tf.softplus(logits);
  return tf.add(tf.mul(target, tf.softplus(tf.neg(logits))), tf.mul(1 - target, tf.softplus(logits)));
}
