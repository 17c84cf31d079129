import type * as tf from '@tensorflow/tfjs-core';
import type { KernelFunction } from './kernel_scope.js';

/** What the kernel needs of a backend: reference-counted data, as `wasm`'s and `cpu`'s are. */
interface ReferenceCounted {
  incRef(dataId: tf.DataId): void;
}

/**
 * An `Identity` kernel that returns a new reference to the input's data instead of a copy — what the `cpu` backend's
 * own Identity and every backend's Reshape already do (tensors are immutable; the backend frees data when its last
 * reference goes).
 *
 * While gradients are recorded, TensorFlow.js clones every tensor an op saves for its backward pass through this
 * kernel (about 200 clones per DCGAN-28 training step); `wasm`'s own Identity copies each one on the heap.
 *
 * @param original - the backend's own Identity, used for string tensors and backends without reference counts.
 */
export function sharedIdentityKernel(original: KernelFunction): KernelFunction {
  return ({ inputs, backend, attrs }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    const counted = backend as unknown as Partial<ReferenceCounted>;
    if (x.dtype === 'string' || typeof counted.incRef !== 'function') {
      return original({ inputs, backend, attrs: attrs ?? {} });
    }
    counted.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}
