import * as tf from '@tensorflow/tfjs-core';
import { withKernelScope, type KernelFunction, type KernelScope } from './kernel_scope.js';

/** A matrix operand: a [rows, cols] view, read transposed or not. */
interface Operand {
  readonly view: tf.TensorInfo;
  readonly transposed: boolean;
}

/** The operand as a plain [rows, cols] matrix of op(X): `view` itself, or a transposed copy. */
function materialize(scope: KernelScope, x: Operand): tf.TensorInfo {
  return x.transposed ? scope.transpose(x.view, [1, 0]) : x.view;
}

/** The same operand read the other way round: op(X)^T. */
function flip(x: Operand): Operand {
  return { view: x.view, transposed: !x.transposed };
}

/**
 * Cost of packing one element of the right operand, relative to copying one element in a transpose: XNNPACK's
 * fully-connected operator repacks its right operand (the "weights") on one thread for every new tensor — every
 * training step — at about 10 ns per element (a [1024, 784] operand: 8 ms), while gan-kit's WebAssembly transpose
 * moves about 1.2 ns per element (1 ms); measured on this repository's MLP-GAN shapes (docs/performance.md).
 */
const PACK_COST = 5;

/**
 * A `BatchMatMul` kernel that sends every single (unbatched) product to the backend's fast path with the cheapest
 * operand to pack.
 *
 * The `wasm` backend runs A·B through XNNPACK's fully-connected operator only when neither operand is transposed
 * and there is one matrix per operand; A^T·B and A·B^T (the two products of every dense layer's backward pass)
 * fall to a naive triple loop, and so does a batch of A's times one B. This kernel instead makes both operands
 * plain and calls the original kernel on the untransposed, unbatched form, choosing between C = op(A)·op(B) and
 * C = (op(B)^T·op(A)^T)^T by the elements moved: transposed copies, plus the right operand, which the
 * fully-connected operator repacks on every call at {@link PACK_COST}× a copy's price. A dense layer's forward
 * product x·W (W [1024, 784], 64 rows) thus packs the 64 × 1024 xᵀ instead of W: 3.7 ms instead of 11.
 * Copies are O(size) against O(M*N*K) for the product. A batch of A's times one B is one [batch*M, K]·[K, N]
 * product. A batch of B's goes to the original kernel.
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
    const [rowsA, colsA] = a.shape.slice(-2) as [number, number];
    const [rowsB, colsB] = b.shape.slice(-2) as [number, number];
    const [m, k] = transposeA ? [colsA, rowsA] : [rowsA, colsA];
    const n = transposeB ? rowsB : colsB;
    const flat = batchB === 1 && (batchA === 1 || !transposeA);
    const valid = a.dtype === 'float32' && b.dtype === 'float32' && (transposeB ? colsB : rowsB) === k;
    if (!flat || !valid) {
      return original({ inputs, backend, attrs: attrs ?? {} });
    }
    const rows = batchA * m;
    // Elements moved: transposed copies of the operands (and of the result), plus the packed right operand.
    const directCost = (transposeA ? rows * k : 0) + (transposeB ? k * n : 0) + PACK_COST * k * n;
    const swappedCost = (transposeB ? 0 : k * n) + (transposeA ? 0 : rows * k) + PACK_COST * rows * k + rows * n;
    if (directCost <= swappedCost && !transposeA && !transposeB && batchA === 1) {
      return original({ inputs, backend, attrs: attrs ?? {} });
    }
    return withKernelScope(backend as tf.KernelBackend, backendName, overrides, (scope) => {
      const left: Operand = { view: scope.reshape(a, transposeA ? [rowsA, colsA] : [rows, k]), transposed: transposeA };
      const right: Operand = { view: scope.reshape(b, [rowsB, colsB]), transposed: transposeB };
      const product = (l: Operand, r: Operand, lRows: number, rCols: number) =>
        scope.run(
          'BatchMatMul',
          { a: scope.reshape(materialize(scope, l), [1, lRows, k]), b: scope.reshape(materialize(scope, r), [1, k, rCols]) },
          { transposeA: false, transposeB: false },
        );
      const c =
        directCost <= swappedCost
          ? scope.reshape(product(left, right, rows, n), [rows, n])
          : scope.transpose(scope.reshape(product(flip(right), flip(left), n, rows), [n, rows]), [1, 0]);
      const outBatch = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
      return scope.reshape(c, [...outBatch, m, n]);
    });
  };
}
