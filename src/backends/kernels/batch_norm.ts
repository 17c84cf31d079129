import * as tf from '@tensorflow/tfjs-core';
import { wasmKernelContext } from '../wasm/kernel_module.js';
import type { KernelFunction } from './kernel_scope.js';

/**
 * A `FusedBatchNorm` kernel (batch normalization with given statistics, Ioffe & Szegedy 2015, arXiv:1502.03167):
 * y = (x − μ)·γ/√(σ² + ε) + β over the last axis of x, in one pass of gan-kit's WebAssembly SIMD code on the `wasm`
 * backend (the backend's own kernel is a scalar loop).
 * Statistics and parameters of other lengths than the last axis (the kernel reads them modulo their length), other
 * dtypes, and backends without gan-kit's WebAssembly go to the backend's own kernel. Values agree with it up to float32
 * rounding (γ/√(σ² + ε) is formed once per channel).
 *
 * @param original - the backend's own FusedBatchNorm kernel.
 */
export function batchNormKernel(original: KernelFunction): KernelFunction {
  return ({ inputs, backend, attrs }) => {
    const { x, mean, variance, offset, scale } = inputs as { x: tf.TensorInfo; mean: tf.TensorInfo; variance: tf.TensorInfo; offset?: tf.TensorInfo; scale?: tf.TensorInfo };
    const { varianceEpsilon } = attrs as unknown as tf.FusedBatchNormAttrs;
    const context = wasmKernelContext(backend);
    const channels = x.shape.at(-1) ?? 1;
    const size = tf.util.sizeFromShape(x.shape);
    const parameters = [mean, variance, offset, scale].filter((t): t is tf.TensorInfo => t != null);
    const fits = parameters.every((t) => t.dtype === 'float32' && tf.util.sizeFromShape(t.shape) === channels);
    if (context === null || x.dtype !== 'float32' || !fits || size === 0 || x.shape.length === 0) {
      return original({ inputs, backend, attrs: attrs ?? {} });
    }
    const out = context.makeOutput([...x.shape], 'float32');
    const factors = context.makeOutput([channels], 'float32');
    try {
      const at = (t: tf.TensorInfo | undefined) => (t == null ? 0 : context.offsetOf(t));
      context.kernels.batchNorm(
        at(x), at(mean), at(variance), at(offset), at(scale), at(out), at(factors),
        size, channels, Math.fround(varianceEpsilon), offset == null ? 0 : 1, scale == null ? 0 : 1,
      );
    } finally {
      (backend as tf.KernelBackend).disposeData(factors.dataId);
    }
    return out;
  };
}
