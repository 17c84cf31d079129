import * as tf from '@tensorflow/tfjs-core';
import { withKernelScope, type KernelFunction } from './kernel_scope.js';

/**
 * A `BatchMatMul` kernel that sends every single (unbatched) product to the backend's fast path.
 *
 * The `wasm` backend runs A·B through XNNPACK's fully-connected operator only when neither operand is transposed
 * and there is one matrix per operand; A^T·B and A·B^T (the two products of every dense layer's backward pass)
 * fall to a naive triple loop, and so does a batch of A's times one B. This kernel transposes the operand
 * physically (a copy costing O(size), against O(M*N*K) for the product) and calls the original kernel on the
 * untransposed, unbatched form: C = transpose(A)·transpose(B) as needed; a batch of A's times one B is one
 * [batch*M, K]·[K, N] product. Anything else (a batch of B's) goes to the original kernel unchanged.
 *
 * @param backendName - the backend the kernel is registered for; its Transpose and Reshape are used.
 * @param original - the backend's own BatchMatMul kernel, which computes every product.
 */
export function batchMatMulKernel(backendName: string, original: KernelFunction): KernelFunction {
  const overrides = new Map([['BatchMatMul', original]]);
  return ({ inputs, backend, attrs }) => {
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
    const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
    const flat = batchB === 1 && (batchA === 1 || !transposeA);
    const dtypeOk = a.dtype === 'float32' && b.dtype === 'float32';
    if (!flat || !dtypeOk || (!transposeA && !transposeB && batchA === 1)) {
      return original({ inputs, backend, attrs: attrs ?? {} });
    }
    const rowsA = a.shape[a.shape.length - 2] as number;
    const colsA = a.shape[a.shape.length - 1] as number;
    const rowsB = b.shape[b.shape.length - 2] as number;
    const colsB = b.shape[b.shape.length - 1] as number;
    const [m, k] = transposeA ? [colsA, rowsA] : [rowsA, colsA];
    const n = transposeB ? rowsB : colsB;
    if ((transposeB ? colsB : rowsB) !== k) {
      return original({ inputs, backend, attrs: attrs ?? {} });
    }
    return withKernelScope(backend as tf.KernelBackend, backendName, overrides, (scope) => {
      const a2 = transposeA
        ? scope.transpose(scope.reshape(a, [rowsA, colsA]), [1, 0])
        : scope.reshape(a, [batchA * rowsA, colsA]);
      const b2 = transposeB ? scope.transpose(scope.reshape(b, [rowsB, colsB]), [1, 0]) : scope.reshape(b, [rowsB, colsB]);
      const product = scope.run(
        'BatchMatMul',
        { a: scope.reshape(a2, [1, batchA * m, k]), b: scope.reshape(b2, [1, k, n]) },
        { transposeA: false, transposeB: false },
      );
      const outBatch = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
      return scope.reshape(product, [...outBatch, m, n]);
    });
  };
}
