import * as tf from '@tensorflow/tfjs-core';
import { withKernelScope, type KernelFunction } from './kernel_scope.js';

/**
 * A `LeakyRelu` kernel computed as x · step(x, α), where step(x, α) = 1 for x > 0 and α otherwise (the backend's
 * Step and Multiply kernels): the same float32 values as wasm's stock kernel (x·1 = x; x·α rounds as its float32 αx
 * does; NaN stays NaN). On `wasm` the stock LeakyRelu is a scalar loop, while Step and Multiply are vectorized.
 *
 * @param backendName - the backend the kernel is registered for; its Step and Multiply are used.
 * @param original - the backend's own LeakyRelu, used for non-float32 inputs.
 */
export function leakyReluKernel(backendName: string, original: KernelFunction): KernelFunction {
  return ({ inputs, backend, attrs }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    const { alpha } = attrs as unknown as tf.LeakyReluAttrs;
    if (x.dtype !== 'float32') return original({ inputs, backend, attrs: attrs ?? {} });
    return withKernelScope(backend as tf.KernelBackend, backendName, new Map(), (scope) =>
      scope.run('Multiply', { a: x, b: scope.run('Step', { x }, { alpha }) }),
    );
  };
}

/**
 * The gradient of LeakyReLU, dx = dy · step(x, α), where gan-kit's LeakyRelu kernel is installed; elsewhere the
 * stock gradient. TensorFlow.js's own gradient is where(x > 0, dy, α·dy): three kernels, of which `wasm`'s Greater
 * and Select are scalar loops. The same float32 values except at x = NaN, where this gradient is NaN (the stock one α·dy);
 * second-order gradients stay exact (Step's gradient is zero, as the derivative of a piecewise-constant function is
 * almost everywhere).
 *
 * @param original - the registered LeakyRelu gradient, used when `useStep()` is false.
 * @param useStep - whether gan-kit's LeakyRelu kernel is the one registered for the active backend.
 */
export function leakyReluGradient(original: tf.GradConfig, useStep: () => boolean): tf.GradConfig {
  return {
    kernelName: tf.LeakyRelu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      if (!useStep()) return original.gradFunc(dy, saved, attrs);
      const [x] = saved as [tf.Tensor];
      const { alpha } = attrs as unknown as tf.LeakyReluAttrs;
      return { x: () => tf.mul(dy as tf.Tensor, tf.step(x, alpha)) };
    },
  };
}
