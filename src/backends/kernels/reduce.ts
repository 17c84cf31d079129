import * as tf from '@tensorflow/tfjs-core';
import { wasmKernelContext } from '../wasm/kernel_module.js';
import { withKernelScope, type KernelFunction } from './kernel_scope.js';

/** The reductions this kernel implements: a sum, or a mean. */
export type Reduction = 'Sum' | 'Mean';

/**
 * A `Sum` or `Mean` kernel that reduces an NHWC tensor over its batch and spatial axes — `[0, 1, 2]` (or the
 * spatial axes `[1, 2]`) of a rank-4 float32 tensor — by the backend's average pooling: one H×W window per image
 * gives [N, 1, 1, C] (XNNPACK on `wasm`, reading the tensor once in its own layout); the backend's own kernel then
 * sums or averages the N rows, and a sum is the average times the H·W pixels per window:
 *
 *   mean₀₁₂(x)[c] = (1/N) Σₙ avgpool_{H×W}(x)[n, 0, 0, c],   sum₀₁₂(x)[c] = H·W · Σₙ avgpool_{H×W}(x)[n, 0, 0, c].
 *
 * These are the reductions of convolutional training: bias gradients and batch-normalization statistics and their
 * gradients. `wasm`'s own Sum/Mean first transposes such an input so that the reduced axes are innermost (a copy of
 * the whole tensor) and then reduces; average pooling reads the tensor once, in place.
 *
 * On `wasm`, a float32 reduction over all axes but the last of a tensor of another rank — a dense layer's bias
 * gradient Σₙ dy[n, c], a 1-D batch norm's statistics — is one column sum of the [N, C] view in gan-kit's WebAssembly,
 * again without the backend's transposed copy. Every other reduction (other axes,
 * non-float32 inputs) goes to the backend's own kernel.
 *
 * @param backendName - the backend the kernel is registered for; its AvgPool, Multiply and Reshape are used.
 * @param original - the backend's own kernel for `reduction`.
 * @param reduction - `'Sum'` or `'Mean'`.
 */
export function reduceKernel(backendName: string, original: KernelFunction, reduction: Reduction): KernelFunction {
  const overrides = new Map([[reduction, original]]);
  return ({ inputs, backend, attrs }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = attrs as unknown as tf.SumAttrs;
    const axes = [...new Set(tf.util.parseAxisParam(axis, x.shape))].sort((a, b) => a - b).join(',');
    const withBatch = axes === '0,1,2';
    const leading = x.shape.length >= 2 && axes === x.shape.slice(0, -1).map((_, i) => i).join(',');
    const context = x.dtype === 'float32' && leading && x.shape.length !== 4 ? wasmKernelContext(backend) : null;
    if (context !== null && tf.util.sizeFromShape(x.shape) > 0) {
      const channels = x.shape.at(-1)!;
      const rows = tf.util.sizeFromShape(x.shape) / channels;
      const out = context.makeOutput(keepDims ? [...x.shape.slice(0, -1).map(() => 1), channels] : [channels], 'float32');
      context.kernels.columnSum(context.offsetOf(x), context.offsetOf(out), rows, channels, reduction === 'Mean' ? Math.fround(1 / rows) : 1);
      return out;
    }
    if (x.dtype !== 'float32' || x.shape.length !== 4 || (!withBatch && axes !== '1,2')) {
      return original({ inputs, backend, attrs: attrs ?? {} });
    }
    const [batch, height, width, channels] = x.shape as [number, number, number, number];
    if (batch * height * width * channels === 0) return original({ inputs, backend, attrs: attrs ?? {} });
    const outShape = keepDims
      ? [withBatch ? 1 : batch, 1, 1, channels]
      : withBatch ? [channels] : [batch, channels];
    return withKernelScope(backend as tf.KernelBackend, backendName, overrides, (scope) => {
      const pooled = scope.run('AvgPool', { x }, { filterSize: [height, width], strides: [height, width], pad: 'valid' });
      const rows = scope.reshape(pooled, [batch, channels]);
      const reduced = withBatch ? scope.run(reduction, { x: rows }, { axis: [0], keepDims: false }) : rows;
      const scaled = reduction === 'Sum'
        ? scope.run('Multiply', { a: reduced, b: scope.run('Fill', {}, { shape: [], value: height * width, dtype: 'float32' }) })
        : reduced;
      return scope.reshape(scaled, outShape);
    });
  };
}
