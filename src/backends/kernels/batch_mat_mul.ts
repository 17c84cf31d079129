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
 * training step — which costs several times what gan-kit's WebAssembly transpose spends per element (the two rates,
 * measured on the MLP-GAN's shapes, are in docs/performance.md).
 */
const PACK_COST = 5;

/** How {@link batchMatMulKernel} computes a product: by the backend's kernel as given, or made plain directly or swapped. */
export type ProductPlan = 'original' | 'direct' | 'swapped';

/**
 * The cheapest way to compute op(A)·op(B) on the `wasm` backend.
 *
 * The `wasm` backend runs A·B through XNNPACK's fully-connected operator only when neither operand is transposed
 * and there is one matrix per operand; A^T·B and A·B^T (the two products of every dense layer's backward pass)
 * fall to a naive triple loop, and so does a batch of A's times one B. Those are made plain and unbatched:
 * `'direct'` computes C = op(A)·op(B), `'swapped'` C = (op(B)^T·op(A)^T)^T, whichever moves fewer elements —
 * transposed copies, plus the right operand, which the fully-connected operator repacks on every call at
 * {@link PACK_COST}× a copy's price. A plain product is swapped too when that is cheaper: a dense layer's forward
 * x·W (W [1024, 784], 64 rows) packs the 64 × 1024 xᵀ instead of W. Copies are O(size)
 * against O(M·N·K) for the product. A batch of A's times one B is one [batch·M, K]·[K, N] product.
 * `'original'`: the backend's own kernel as called — a plain product whose B is cheaper to pack than the swap,
 * or operands that are not single float32 matrices (a batch of B's, a transposed batch of A's).
 *
 * @param a - left operand [...batch, M, K] (or [..., K, M] with `transposeA`).
 * @param b - right operand [...batch, K, N] (or [..., N, K] with `transposeB`).
 * @param transposeA - whether A is read transposed.
 * @param transposeB - whether B is read transposed.
 * @param packCost - price of packing one right-operand element in copies; default {@link PACK_COST}.
 */
export function planProduct(a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean, packCost = PACK_COST): ProductPlan {
  return productDims(a, b, transposeA, transposeB, packCost).plan;
}

/** The plan of op(A)·op(B) with the matrix sizes it was made from: op(A) is [rows = batch·m, k], op(B) [k, n]. */
interface PlannedProduct {
  readonly plan: ProductPlan;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly rows: number;
}

function productDims(a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean, packCost: number): PlannedProduct {
  const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
  const [rowsA, colsA] = a.shape.slice(-2) as [number, number];
  const [rowsB, colsB] = b.shape.slice(-2) as [number, number];
  const [m, k] = transposeA ? [colsA, rowsA] : [rowsA, colsA];
  const n = transposeB ? rowsB : colsB;
  const rows = batchA * m;
  const flat = batchB === 1 && (batchA === 1 || !transposeA);
  const valid = a.dtype === 'float32' && b.dtype === 'float32' && (transposeB ? colsB : rowsB) === k;
  // Elements moved: transposed copies of the operands (and of the result), plus the packed right operand.
  const directCost = (transposeA ? rows * k : 0) + (transposeB ? k * n : 0) + packCost * k * n;
  const swappedCost = (transposeB ? 0 : k * n) + (transposeA ? 0 : rows * k) + packCost * rows * k + rows * n;
  const plainAlready = !transposeA && !transposeB && batchA === 1;
  const plan: ProductPlan = !flat || !valid ? 'original' : directCost > swappedCost ? 'swapped' : plainAlready ? 'original' : 'direct';
  return { plan, m, k, n, rows };
}

/**
 * A `BatchMatMul` kernel that sends every single (unbatched) product to the backend's fast path with the cheapest
 * operand to pack (see {@link planProduct}), and gives zeros for an empty inner dimension.
 *
 * @param backendName - the backend the kernel is registered for; its Transpose and Reshape are used.
 * @param original - the backend's own BatchMatMul kernel, which computes every product.
 * @param packCost - price of packing one right-operand element in copies; default {@link PACK_COST}.
 */
export function batchMatMulKernel(backendName: string, original: KernelFunction, packCost = PACK_COST): KernelFunction {
  const overrides = new Map([['BatchMatMul', original]]);
  return ({ inputs, backend, attrs }) => {
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    const { plan, m, k, n, rows } = productDims(a, b, transposeA, transposeB, packCost);
    if (k === 0) {
      // An empty inner dimension: zeros (tfjs-backend-wasm 4.22's own kernel leaves the output uninitialized).
      const shape = [...tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2)), m, n];
      return withKernelScope(backend as tf.KernelBackend, backendName, overrides, (scope) => scope.run('Fill', {}, { shape, value: 0, dtype: a.dtype }));
    }
    if (plan === 'original') return original({ inputs, backend, attrs: attrs ?? {} });
    return withKernelScope(backend as tf.KernelBackend, backendName, overrides, (scope) => {
      // A transposed A is a single matrix (a transposed batch goes to the original); B is always a single matrix.
      const left: Operand = { view: scope.reshape(a, transposeA ? [k, m] : [rows, k]), transposed: transposeA };
      const right: Operand = { view: scope.reshape(b, transposeB ? [n, k] : [k, n]), transposed: transposeB };
      const product = (l: Operand, r: Operand, lRows: number, rCols: number) =>
        scope.run(
          'BatchMatMul',
          { a: scope.reshape(materialize(scope, l), [1, lRows, k]), b: scope.reshape(materialize(scope, r), [1, k, rCols]) },
          { transposeA: false, transposeB: false },
        );
      const c =
        plan === 'direct'
          ? scope.reshape(product(left, right, rows, n), [rows, n])
          : scope.transpose(scope.reshape(product(flip(right), flip(left), n, rows), [n, rows]), [1, 0]);
      const outBatch = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
      return scope.reshape(c, [...outBatch, m, n]);
    });
  };
}
