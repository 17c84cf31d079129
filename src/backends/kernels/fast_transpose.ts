import * as tf from '@tensorflow/tfjs-core';
import { wasmKernelContext } from '../wasm/kernel_module.js';
import type { KernelFunction } from './kernel_scope.js';

/** Element types stored as 4 bytes on the `wasm` backend. */
const FOUR_BYTE_TYPES: ReadonlySet<tf.DataType> = new Set(['float32', 'int32']);

/**
 * If `perm` moves the first `split` axes, in order, behind the others (perm = [split, …, rank−1, 0, …, split−1]),
 * returns split; else `undefined`. Such a permutation is the transpose of a [∏ shape[:split], ∏ shape[split:]] matrix.
 */
export function rotationSplit(perm: readonly number[]): number | undefined {
  const rank = perm.length;
  const split = perm[0] ?? 0;
  if (rank < 2 || split <= 0 || split >= rank) return undefined;
  return perm.every((axis, i) => axis === (i + split) % rank) ? split : undefined;
}

/**
 * A `Transpose` kernel for the `wasm` backend that moves matrices through gan-kit's WebAssembly transpose
 * (4 × 4 blocks in SIMD registers inside tiles of 128 rows × 8 columns) instead of the backend's element-by-element
 * loop. It handles every permutation that is a rotation of the
 * axes — all 2-D transposes, and the [1, 2, 3, 0] / [3, 0, 1, 2] of the convolution kernels — for 4-byte types;
 * other permutations and types go to the backend's own kernel.
 *
 * @param original - the backend's own Transpose kernel.
 */
export function fastTransposeKernel(original: KernelFunction): KernelFunction {
  return ({ inputs, backend, attrs }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    const { perm } = attrs as unknown as tf.TransposeAttrs;
    const split = rotationSplit(perm);
    const context = wasmKernelContext(backend);
    if (split === undefined || context === null || !FOUR_BYTE_TYPES.has(x.dtype)) {
      return original({ inputs, backend, attrs: attrs ?? {} });
    }
    const rows = tf.util.sizeFromShape(x.shape.slice(0, split));
    const cols = tf.util.sizeFromShape(x.shape.slice(split));
    const out = context.makeOutput(perm.map((axis) => x.shape[axis]!), x.dtype);
    if (rows * cols > 0) context.kernels.transpose2d(context.offsetOf(x), context.offsetOf(out), rows, cols);
    return out;
  };
}
