import * as tf from '@tensorflow/tfjs-core';

/** Σ_t Σ_i t_i·0 over `tensors`: 0 when every element is finite, NaN otherwise (∞·0 = NaN). One scalar to read back. */
export function finiteCheck(tensors: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => (tensors.length === 0 ? tf.scalar(0) : tf.addN(tensors.map((t) => tf.sum(tf.mul(t, 0))))) as tf.Scalar);
}

/**
 * Minimizes `f` over `variables` with `optimizer` exactly as `optimizer.minimize(f, true, variables)` does, and also
 * returns the {@link finiteCheck} of the gradient.
 */
export function minimizeChecked(optimizer: tf.Optimizer, f: () => tf.Scalar, variables: readonly tf.Variable[]): { loss: tf.Scalar; gradientCheck: tf.Scalar } {
  const { value, grads } = optimizer.computeGradients(f, [...variables]);
  try {
    const gradients = variables.map((v) => ({ name: v.name, tensor: grads[v.name]! }));
    const gradientCheck = finiteCheck(gradients.map((g) => g.tensor).filter((t) => t !== undefined));
    optimizer.applyGradients(gradients);
    return { loss: value, gradientCheck };
  } finally {
    tf.dispose(grads);
  }
}

/**
 * Minimizes `f` over several groups of variables at once, each group with its own optimizer: one gradient of `f`
 * with respect to all of them, each optimizer applying its group's part (BiGAN's joint update of the generator and the
 * encoder). Returns the loss and, per optimizer, the {@link finiteCheck} of its part of the gradient.
 */
export function minimizeCheckedJointly(
  groups: readonly (readonly [tf.Optimizer, readonly tf.Variable[]])[], f: () => tf.Scalar,
): { loss: tf.Scalar; gradientChecks: tf.Scalar[] } {
  const { value, grads } = tf.variableGrads(f, groups.flatMap(([, variables]) => [...variables]));
  try {
    const gradientChecks = groups.map(([optimizer, variables]) => {
      const gradients = variables.map((v) => ({ name: v.name, tensor: grads[v.name]! }));
      const check = finiteCheck(gradients.map((g) => g.tensor).filter((t) => t !== undefined));
      optimizer.applyGradients(gradients);
      return check;
    });
    return { loss: value, gradientChecks };
  } finally {
    tf.dispose(grads);
  }
}

/** The trainable variables of `model`, for an optimizer. */
export function trainableVariables(model: { readonly trainableWeights: readonly { read(): tf.Tensor }[] }): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}
