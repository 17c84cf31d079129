import * as tf from '@tensorflow/tfjs-core';
import { wasmKernelContext } from '../wasm/kernel_module.js';
import type { KernelFunction } from './kernel_scope.js';

/**
 * A `Tanh` kernel for the `wasm` backend: tanh of float32 values in one SIMD pass of gan-kit's WebAssembly — the
 * odd Taylor polynomial x − x³/3 + 2x⁵/15 − 17x⁷/315 for |x| < 1/4, sign(x)·(1 − 2/(e^{2|x|} + 1)) above, with e^y
 * from a range reduction and a degree-7 polynomial — within 4·10⁻⁷ relative of the exact value (±1 beyond |x| = 10,
 * NaN for NaN, −0 for −0), where tfjs-backend-wasm's own kernel calls the exponential one value at a time. Other
 * dtypes and backends without gan-kit's
 * WebAssembly go to the backend's own kernel. The gradient is TensorFlow.js's, dy·(1 − y²), from the output.
 *
 * @param original - the backend's own Tanh kernel.
 */
export function tanhKernel(original: KernelFunction): KernelFunction {
  return ({ inputs, backend, attrs }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    const context = x.dtype === 'float32' ? wasmKernelContext(backend) : null;
    if (context === null) return original({ inputs, backend, attrs: attrs ?? {} });
    const out = context.makeOutput([...x.shape], 'float32');
    const size = tf.util.sizeFromShape(x.shape);
    if (size > 0) context.kernels.tanh(context.offsetOf(x), context.offsetOf(out), size);
    return out;
  };
}
