import * as tf from '@tensorflow/tfjs-core';
import { backpropKernelGradients } from './backprop_kernel_gradients.js';
import { maxPoolGradient } from './max_pool_gradient.js';
import { piecewiseConstantGradients } from './piecewise_constant_gradients.js';
import { recomputedOutputGradients } from './recomputed_output_gradients.js';
import { resizeNearestNeighborGradient } from './resize_nearest_neighbor_gradient.js';
import { unsupportedGradients } from './unsupported_gradients.js';

/** Gradients that replace tfjs-core's or fill a gap in it. */
const CORRECTIONS: readonly tf.GradConfig[] = [
  ...recomputedOutputGradients,
  ...piecewiseConstantGradients,
  maxPoolGradient,
  resizeNearestNeighborGradient,
  ...backpropKernelGradients,
];

/**
 * Makes double backpropagation (gradients of gradients, as gradient penalties need) correct in TensorFlow.js 4.22,
 * by registering gradients in tfjs-core's global gradient registry. Returns the names of the kernels whose gradient
 * is gan-kit's after the call.
 *
 * What it fixes, for gradients taken after the call (a gradient is looked up when an op is recorded):
 * - **Silently wrong values** (tensorflow/tfjs#3252): the gradients of `tanh`, `sigmoid`, `exp`, `elu`, `softmax` and
 *   `pow` read the op's saved *output*, which tfjs records on the tape out of order, so every second-order term
 *   through it was dropped. They are replaced by gradients that recompute the output from the saved input.
 * - **"gradient function not found"**: zero gradients for the comparison and logical kernels (`greater`, `equal`,
 *   `logicalAnd`, …; piecewise constant, so zero is exact almost everywhere), which unblocks `leakyRelu`, `prelu`,
 *   `selu`, `relu6`, `maximum`, `minimum`, `clipByValue`, `max`, `min` and `where`; gradients for the
 *   backpropagation kernels of average pooling, bilinear and fractional nearest-neighbour resizing and of conv2d's
 *   filter; and new gradients for `maxPool` and whole-factor nearest up-sampling (`upSampling2d`) written with
 *   pad/slice/reshape/sum instead of the MaxPoolGrad and ResizeNearestNeighborGrad kernels.
 * - **Wrong first-order gradients of two backends**, fixed by those last two: tfjs-backend-wasm 4.22's MaxPoolGrad
 *   sends the gradient of a window whose values are all negative to the window's first position instead of its
 *   maximum, and tfjs-backend-cpu 4.22's ResizeNearestNeighborGrad reads dy at the input's batch stride, wrong for
 *   every sample after the first.
 * - **Clear errors** where gan-kit provides no second-order gradient (3-D pooling and convolution, depthwise and
 *   separable convolution, dilation2d, local response normalization, elu fused into a convolution): a gradient that
 *   throws `gan-kit: the second-order gradient of <op> … is not supported …` is registered for their
 *   backpropagation kernels, unless some gradient is already registered there.
 *
 * Dense/matMul, conv2d, conv2dTranspose, batch and layer normalization, relu, softplus, reshape, concatenation and
 * the arithmetic ops are already differentiable twice in tfjs-core 4.22 and are left as they are. Ops built with
 * `tf.customGrad` (`tf.logSoftmax`, `tf.losses.softmaxCrossEntropy`) cannot be reached through the registry; keep
 * them out of a discriminator that is penalized.
 *
 * Only gradient definitions change, and they are built from ordinary ops, so every backend keeps working; first-order
 * gradients keep their values except for the two backend bugs above. The call is idempotent and cheap: the regularizers of gan-kit call it themselves, and
 * calling it again re-installs any of its gradients that another library has overwritten since.
 *
 * @returns the kernel names whose gradient is gan-kit's, for logging.
 * @throws if tfjs-core's own gradients are not registered yet (they are registered by importing
 *   `@tensorflow/tfjs-layers` or `@tensorflow/tfjs`).
 *
 * @example
 * ```ts
 * enableSecondOrderGradients();
 * const x = tf.tensor1d([0.5]);
 * tf.grad(tf.grad((t) => tf.tanh(t)))(x).print(); // −2·tanh(0.5)·(1 − tanh²(0.5)) ≈ −0.7269
 * ```
 */
export function enableSecondOrderGradients(): string[] {
  if (tf.getGradient(tf.Multiply) === undefined) {
    throw new Error(
      "gan-kit: enableSecondOrderGradients() found no gradient registered for tfjs-core's own kernels (for example " +
        "'Multiply'); import '@tensorflow/tfjs-layers' (or '@tensorflow/tfjs') before calling it.",
    );
  }
  const patched: string[] = [];
  for (const config of CORRECTIONS) {
    if (tf.getGradient(config.kernelName) !== config) tf.registerGradient(config);
    patched.push(config.kernelName);
  }
  for (const config of unsupportedGradients) {
    const current = tf.getGradient(config.kernelName);
    if (current === undefined) tf.registerGradient(config);
    if (current === undefined || current === config) patched.push(config.kernelName);
  }
  return patched;
}
