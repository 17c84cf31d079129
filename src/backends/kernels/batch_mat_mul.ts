import * as tf from '@tensorflow/tfjs-core';
import { wasmKernelContext, type WasmKernelContext } from '../wasm/kernel_module.js';
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
 * x·W (W [1024, 784], 64 rows) packs the 64 × 1024 xᵀ instead of W, 6.5 ms instead of 11.4. Copies are O(size)
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

/** Index into a batch of shape `shape` (right-aligned, size-1 dimensions broadcast) of the output batch `index`. */
function broadcastIndex(index: number, outShape: readonly number[], shape: readonly number[]): number {
  let result = 0;
  let stride = 1;
  for (let d = 1; d <= outShape.length; d++) {
    const outSize = outShape[outShape.length - d]!;
    const coordinate = index % outSize;
    index = Math.floor(index / outSize);
    const size = d <= shape.length ? shape[shape.length - d]! : 1;
    if (size !== 1) result += coordinate * stride;
    stride *= size;
  }
  return result;
}

/**
 * op(A)·op(B) for float32 operands of any batch shapes (broadcast) by gan-kit's WebAssembly products, which read the
 * operands where they are: no packing, and no transposed copy except of B when both operands are transposed.
 */
function ownProduct(context: WasmKernelContext, backend: tf.KernelBackend, a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean): tf.TensorInfo {
  const batchShapeA = a.shape.slice(0, -2);
  const batchShapeB = b.shape.slice(0, -2);
  const outBatch = tf.broadcast_util.assertAndGetBroadcastShape(batchShapeA, batchShapeB);
  const [rowsA, colsA] = a.shape.slice(-2) as [number, number];
  const [rowsB, colsB] = b.shape.slice(-2) as [number, number];
  const [m, k] = transposeA ? [colsA, rowsA] : [rowsA, colsA];
  const [kB, n] = transposeB ? [colsB, rowsB] : [rowsB, colsB];
  if (k !== kB) {
    throw new Error(`BatchMatMul: inner dimensions differ: op(A) is [${m}, ${k}] and op(B) is [${kB}, ${n}] (a [${a.shape.join(', ')}], b [${b.shape.join(', ')}], transposeA ${transposeA}, transposeB ${transposeB}).`);
  }
  const out = context.makeOutput([...outBatch, m, n], 'float32');
  const batches = tf.util.sizeFromShape(outBatch);
  if (batches * m * n === 0) return out;
  const pc = context.offsetOf(out);
  if (k === 0) {
    context.heapF32().fill(0, pc / 4, pc / 4 + batches * m * n);
    return out;
  }
  const pa = context.offsetOf(a);
  let pb = context.offsetOf(b);
  // Bᵀ's rows are B's columns: both transposed, read a transposed copy of B (n × k → k × n) row by row.
  let copy: tf.TensorInfo | undefined;
  if (transposeA && transposeB && k > 1) {
    const countB = tf.util.sizeFromShape(batchShapeB);
    copy = context.makeOutput([countB, k, n], 'float32');
    const pt = context.offsetOf(copy);
    for (let i = 0; i < countB; i++) context.kernels.transpose2d(pb + 4 * i * n * k, pt + 4 * i * n * k, n, k);
    pb = pt;
  }
  const rsA = transposeA ? 1 : k;
  const csA = transposeA ? m : 1;
  const dotProducts = transposeB && copy === undefined && k > 1;
  try {
    for (let o = 0; o < batches; o++) {
      const ia = pa + 4 * m * k * broadcastIndex(o, outBatch, batchShapeA);
      const ib = pb + 4 * k * n * broadcastIndex(o, outBatch, batchShapeB);
      const ic = pc + 4 * m * n * o;
      // B [n, 1] read transposed is the row-major [1, n] it already is.
      if (dotProducts) context.kernels.gemmNT(ia, ib, ic, k, k, n, 0, m, 0, n, k);
      else context.kernels.gemmNN(ia, ib, ic, rsA, csA, n, n, 0, m, 0, n, k);
    }
  } finally {
    if (copy !== undefined) backend.disposeData(copy.dataId);
  }
  return out;
}

/** Options of {@link batchMatMulKernel}. */
export interface BatchMatMulKernelOptions {
  /** Price of packing one right-operand element in copies, for the XNNPACK plan; default {@link PACK_COST}. */
  readonly packCost?: number;
  /**
   * Whether float32 products run on gan-kit's own WebAssembly products: `'auto'` (default) where the backend can run
   * them and runs XNNPACK on one thread (see {@link ownProductsFor}), `true` wherever it can run them, `false` never
   * (every product goes to XNNPACK by the plan of {@link planProduct}).
   */
  readonly ownProducts?: boolean | 'auto';
}

/**
 * The context of gan-kit's WebAssembly products for `backend`, or `null` where products go to XNNPACK instead: on a
 * backend that cannot run gan-kit's WebAssembly (not `wasm`, or a runtime without SIMD), with `ownProducts` false,
 * and with `'auto'` when the backend runs XNNPACK on more than one thread. The last because, measured side by side in
 * one process on the MLP-GAN step (`npm run bench:ab -- --model mlp --xnnpack-products`), gan-kit's products beat
 * XNNPACK's (which repack a fresh weight matrix at every call) on one thread, 1.07–1.14×, but on two threads
 * XNNPACK splits its products over its pool while gan-kit's run on the calling thread (0.77×), and gan-kit's own
 * helper threads, tried, competed with XNNPACK's pool for the cores (0.86×) — docs/performance.md.
 *
 * @param backend - the backend instance a kernel runs on.
 * @param ownProducts - the kernel's option.
 * @internal
 */
export function ownProductsFor(backend: object, ownProducts: boolean | 'auto' = 'auto'): WasmKernelContext | null {
  if (ownProducts === false) return null;
  const context = wasmKernelContext(backend);
  return context !== null && (ownProducts === true || context.threads === 1) ? context : null;
}

/**
 * A `BatchMatMul` kernel for the `wasm` backend. On a backend running XNNPACK on one thread (see
 * {@link ownProductsFor}), float32 products run on gan-kit's own WebAssembly SIMD products
 * (src/backends/wasm/gan_kit_kernels.wat: `gemmNN` reads A or Aᵀ through strides, `gemmNT` computes A·Bᵀ as dot
 * products, any batch shapes with broadcasting), which need no packing: XNNPACK's fully-connected operator repacks
 * its right operand for every new weight tensor — every training step — and the backend's own BatchMatMul runs
 * transposed products as a naive loop. Otherwise each single product goes to XNNPACK with the cheapest operand to
 * pack (see {@link planProduct}), and other dtypes and batches of B's to the backend's own kernel.
 *
 * @param backendName - the backend the kernel is registered for; its Transpose and Reshape are used.
 * @param original - the backend's own BatchMatMul kernel.
 * @param options - the XNNPACK plan's packing price, and whether to use gan-kit's own products.
 */
export function batchMatMulKernel(backendName: string, original: KernelFunction, options: BatchMatMulKernelOptions = {}): KernelFunction {
  const packCost = options.packCost ?? PACK_COST;
  const ownProducts = options.ownProducts ?? 'auto';
  const overrides = new Map([['BatchMatMul', original]]);
  return ({ inputs, backend, attrs }) => {
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    const context = ownProductsFor(backend, ownProducts);
    if (context !== null && a.dtype === 'float32' && b.dtype === 'float32') {
      return ownProduct(context, backend as tf.KernelBackend, a, b, transposeA, transposeB);
    }
    const { plan, m, k, n, rows } = productDims(a, b, transposeA, transposeB, packCost);
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
