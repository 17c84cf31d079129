import * as tf from '@tensorflow/tfjs-core';

/*
 * Why these gradients are replaced.
 *
 * tfjs-core saves a kernel's output for its gradient by cloning it *inside* the kernel call, so the clone's tape node
 * is recorded before the kernel's own node. When the tape is later filtered for the path x → y, the clone is not yet
 * reachable from x and is dropped: the saved output behaves as a constant. The first-order gradient is right, but
 * every term of the second-order gradient that flows through the saved output is silently lost (upstream
 * tensorflow/tfjs#3252). The gradients below save the *input* instead and recompute the output from it, so the
 * output's dependence on the input stays on the tape.
 */

/** Sums `grad` over the axes along which `shape` was broadcast to `grad.shape`, then reshapes it to `shape`. */
function reduceToShape(grad: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.broadcast_util.getReductionAxes(shape, grad.shape);
  return tf.reshape(axes.length > 0 ? tf.sum(grad, axes) : grad, shape);
}

/** tanh′(x) = 1 − tanh²(x). */
const tanhGradient: tf.GradConfig = {
  kernelName: tf.Tanh,
  inputsToSave: ['x'],
  gradFunc: (dy, [x]) => ({
    x: () => tf.mul(dy as tf.Tensor, tf.sub(1, tf.square(tf.tanh(x!)))),
  }),
};

/** σ′(x) = σ(x) · (1 − σ(x)). */
const sigmoidGradient: tf.GradConfig = {
  kernelName: tf.Sigmoid,
  inputsToSave: ['x'],
  gradFunc: (dy, [x]) => ({
    x: () => {
      const s = tf.sigmoid(x!);
      return tf.mul(dy as tf.Tensor, tf.mul(s, tf.sub(1, s)));
    },
  }),
};

/** exp′(x) = exp(x). */
const expGradient: tf.GradConfig = {
  kernelName: tf.Exp,
  inputsToSave: ['x'],
  gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy as tf.Tensor, tf.exp(x!)) }),
};

/**
 * elu′(x) = 1 for x > 0 and exp(x) otherwise, written as exp(min(x, 0)): one expression, no `where` whose unused
 * branch could overflow, and its own derivative exp(x)·[x < 0] comes from `minimum`'s gradient. (The stock gradient
 * calls the `EluGrad` kernel, which has no gradient at all.)
 */
const eluGradient: tf.GradConfig = {
  kernelName: tf.Elu,
  inputsToSave: ['x'],
  gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy as tf.Tensor, tf.exp(tf.minimum(x!, 0))) }),
};

/** For y = softmax(logits) along `dim`: ∂L/∂logits = y ⊙ (dy − Σ_dim dy ⊙ y). */
const softmaxGradient: tf.GradConfig = {
  kernelName: tf.Softmax,
  inputsToSave: ['logits'],
  gradFunc: (dy, [logits], attrs) => ({
    logits: () => {
      const { dim } = attrs as unknown as tf.SoftmaxAttrs;
      const y = tf.softmax(logits!, dim);
      const dyTimesY = tf.mul(dy as tf.Tensor, y);
      return tf.sub(dyTimesY, tf.mul(tf.sum(dyTimesY, dim, true), y));
    },
  }),
};

/**
 * For y = aᵇ: ∂y/∂a = b · aᵇ⁻¹ and ∂y/∂b = aᵇ · ln a (taken as 0 where a ≤ 0, as tfjs-core does; the logarithm is
 * evaluated on a safe value there so that no NaN reaches the second-order gradient).
 */
const powGradient: tf.GradConfig = {
  kernelName: tf.Pow,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, [a, b]) => ({
    a: () => {
      const exponent = tf.cast(b!, 'float32');
      return reduceToShape(tf.mul(dy as tf.Tensor, tf.mul(exponent, tf.pow(a!, tf.sub(exponent, 1)))), a!.shape);
    },
    b: () => {
      const positive = tf.greater(a!, 0);
      const safeBase = tf.where(positive, a!, tf.onesLike(a!));
      const logBase = tf.where(positive, tf.log(safeBase), tf.zerosLike(a!));
      return reduceToShape(tf.mul(dy as tf.Tensor, tf.mul(tf.pow(a!, b!), logBase)), b!.shape);
    },
  }),
};

/** The gradients of this file, for `enableSecondOrderGradients`. */
export const recomputedOutputGradients: readonly tf.GradConfig[] = [
  tanhGradient,
  sigmoidGradient,
  expGradient,
  eluGradient,
  softmaxGradient,
  powGradient,
];
