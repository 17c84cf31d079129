import * as tf from '@tensorflow/tfjs-core';

/*
 * Comparisons and logical operations are piecewise constant: their derivative is zero wherever it exists. tfjs-core
 * registers no gradient for most of them, which is harmless to first-order gradients (a mask is built from a saved
 * input and is not on the differentiated path), but a second-order pass differentiates *through* the first-order
 * gradient, whose masks (`x > 0` in the gradients of leakyRelu, prelu, selu, relu6, maximum, minimum, clipByValue,
 * max, min, `where`) are now on the path, and backpropagation stops with "gradient function not found for Greater".
 * A zero gradient is the exact derivative almost everywhere, and it is what TensorFlow's `NotDifferentiable` means.
 */

/** Kernel names and the names of their tensor inputs. */
const PIECEWISE_CONSTANT_KERNELS: ReadonlyArray<readonly [string, readonly string[]]> = [
  [tf.Greater, ['a', 'b']],
  [tf.GreaterEqual, ['a', 'b']],
  [tf.Less, ['a', 'b']],
  [tf.LessEqual, ['a', 'b']],
  [tf.Equal, ['a', 'b']],
  [tf.NotEqual, ['a', 'b']],
  [tf.LogicalAnd, ['a', 'b']],
  [tf.LogicalOr, ['a', 'b']],
  [tf.LogicalXor, ['a', 'b']],
  [tf.LogicalNot, ['x']],
];

/** A gradient that is zero for every input of the kernel. */
function zeroGradient(kernelName: string, inputNames: readonly string[]): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: [...inputNames],
    gradFunc: (_dy, saved) =>
      Object.fromEntries(
        inputNames.map((name, i) => [name, () => tf.zeros(saved[i]!.shape, 'float32')]),
      ),
  };
}

/** Zero gradients for the comparison and logical kernels, for `enableSecondOrderGradients`. */
export const piecewiseConstantGradients: readonly tf.GradConfig[] = PIECEWISE_CONSTANT_KERNELS.map(
  ([kernelName, inputNames]) => zeroGradient(kernelName, inputNames),
);
