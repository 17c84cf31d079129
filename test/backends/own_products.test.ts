// gan-kit's own WebAssembly matrix products (gemmNN / gemmNT in src/backends/wasm/gan_kit_kernels.wat) and the
// BatchMatMul kernel that runs them: values against a float64 product in JavaScript (broadcast batches, every
// transpose, shapes that cross the 4 × 8 tiles, the 2 × 4 dot-product tiles and the 256-long k blocks), the sub-block
// contract of the kernels, and when the kernel uses them rather than XNNPACK.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { installTrainingKernels, uninstallTrainingKernels } from '../../src/backends/install_training_kernels.js';
import { batchMatMulKernel, ownProductsFor } from '../../src/backends/kernels/batch_mat_mul.js';
import { wasmKernelContext } from '../../src/backends/wasm/kernel_module.js';
import { assertClose, seededTensor } from './kernel_agreement.js';

interface ProductCase {
  readonly a: number[];
  readonly b: number[];
  readonly transposeA: boolean;
  readonly transposeB: boolean;
}

const CASES: ProductCase[] = [
  // Tiles and blocks: m, n not multiples of 4 / 8, k across the 256-long blocks, k not a multiple of 4.
  { a: [67, 300], b: [300, 37], transposeA: false, transposeB: false },
  { a: [513, 9], b: [513, 17], transposeA: true, transposeB: false },
  { a: [5, 259], b: [70, 259], transposeA: false, transposeB: true },
  { a: [30, 11], b: [13, 30], transposeA: true, transposeB: true },
  // The MLP-GAN's shapes: a dense layer's forward, weight gradient (xᵀ·dy) and input gradient (dy·Wᵀ).
  { a: [64, 1024], b: [1024, 784], transposeA: false, transposeB: false },
  { a: [128, 784], b: [128, 512], transposeA: true, transposeB: false },
  { a: [64, 784], b: [1024, 784], transposeA: false, transposeB: true },
  // A one-unit output layer and its input gradient (k = 1: B [n, 1] read transposed is a row).
  { a: [128, 256], b: [256, 1], transposeA: false, transposeB: false },
  { a: [128, 1], b: [256, 1], transposeA: false, transposeB: true },
  { a: [1, 7], b: [5, 1], transposeA: true, transposeB: true },
  // Batches: equal, one B for many A's, broadcast in both directions (tfjs-backend-wasm 4.22's own kernel, which the
  // XNNPACK plan leaves batches of B's to, gives 3 × 5 × 7 values here instead of 2 × 3 × 5 × 7), and rank 4.
  { a: [3, 6, 5], b: [3, 6, 7], transposeA: true, transposeB: false },
  { a: [4, 9, 10], b: [10, 11], transposeA: false, transposeB: false },
  { a: [2, 1, 5, 6], b: [3, 7, 6], transposeA: false, transposeB: true },
  { a: [1, 6, 5], b: [4, 7, 6], transposeA: true, transposeB: true },
  // Empty inner and outer dimensions (an empty inner one gives zeros; tfjs-backend-wasm 4.22's own kernel, which the
  // XNNPACK plan uses, leaves the output uninitialized).
  { a: [5, 0], b: [0, 3], transposeA: false, transposeB: false },
  { a: [0, 4], b: [4, 3], transposeA: false, transposeB: false },
];

/** op(A)·op(B) with numpy-style broadcasting of the batch dimensions, in float64. */
function reference(c: ProductCase, a: ArrayLike<number>, b: ArrayLike<number>): { values: Float64Array; shape: number[] } {
  const [rowsA, colsA] = c.a.slice(-2) as [number, number];
  const [rowsB, colsB] = c.b.slice(-2) as [number, number];
  const [m, k] = c.transposeA ? [colsA, rowsA] : [rowsA, colsA];
  const n = c.transposeB ? rowsB : colsB;
  const batchA = c.a.slice(0, -2);
  const batchB = c.b.slice(0, -2);
  const rank = Math.max(batchA.length, batchB.length);
  const padded = (shape: number[]) => [...Array<number>(rank - shape.length).fill(1), ...shape];
  const [pa, pb] = [padded(batchA), padded(batchB)];
  const outBatch = pa.map((size, d) => Math.max(size, pb[d]!));
  const batches = outBatch.reduce((x, y) => x * y, 1);
  const values = new Float64Array(batches * m * n);
  for (let o = 0; o < batches; o++) {
    let rest = o;
    let ia = 0;
    let ib = 0;
    let strideA = 1;
    let strideB = 1;
    for (let d = rank - 1; d >= 0; d--) {
      const coordinate = rest % outBatch[d]!;
      rest = Math.floor(rest / outBatch[d]!);
      if (pa[d] !== 1) ia += coordinate * strideA;
      if (pb[d] !== 1) ib += coordinate * strideB;
      strideA *= pa[d]!;
      strideB *= pb[d]!;
    }
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let q = 0; q < k; q++) {
          const x = a[ia * m * k + (c.transposeA ? q * m + i : i * k + q)]!;
          const y = b[ib * k * n + (c.transposeB ? j * k + q : q * n + j)]!;
          sum += x * y;
        }
        values[(o * m + i) * n + j] = sum;
      }
    }
  }
  return { values, shape: [...outBatch.slice(rank - Math.max(batchA.length, batchB.length)), m, n] };
}

/** Runs every case through the registered BatchMatMul and compares it with the float64 product. */
function checkCases(label: string, cases: readonly ProductCase[] = CASES): void {
  cases.forEach((c) => {
    const i = CASES.indexOf(c);
    const name = `${label} ${JSON.stringify(c)}`;
    const a = seededTensor(c.a, 100 * i);
    const b = seededTensor(c.b, 100 * i + 1);
    const before = { tensors: tf.memory().numTensors, data: tf.backend().numDataIds() };
    const out = tf.engine().runKernel('BatchMatMul', { a, b }, { transposeA: c.transposeA, transposeB: c.transposeB }) as tf.Tensor;
    const expected = reference(c, a.dataSync(), b.dataSync());
    assert.deepEqual(out.shape, expected.shape, `${name}: shape`);
    assertClose(out.dataSync(), expected.values, 1e-5, name);
    out.dispose();
    assert.deepEqual({ tensors: tf.memory().numTensors, data: tf.backend().numDataIds() }, before, `${name}: leaked`);
    tf.dispose([a, b]);
  });
}

/** A stand-in for a wasm backend instance on a memory of our own, with `threads` XNNPACK threads. */
function fakeWasmBackend(threads: number, shared = true): { backend: object; memory: WebAssembly.Memory } {
  const memory = new WebAssembly.Memory({ initial: 4, maximum: 16, shared });
  const backend = {
    wasm: { wasmMemory: memory, tfjs: { getThreadsCount: () => threads } },
    typedArrayFromHeap: () => new Float32Array(memory.buffer, 0, 0),
    makeOutput: () => {
      throw new Error('not used');
    },
  };
  return { backend, memory };
}

describe("gan-kit's own WebAssembly products", () => {
  before(async () => {
    await tf.setBackend('wasm');
    installTrainingKernels('wasm');
  });

  test('the one-thread wasm backend runs them: BatchMatMul agrees with a float64 product on every case', () => {
    assert.notEqual(ownProductsFor(tf.backend()), null, 'the single-threaded wasm backend uses gan-kit products');
    checkCases('own');
  });

  test('the XNNPACK plan (ownProducts: false) agrees with the same float64 products', () => {
    uninstallTrainingKernels('wasm');
    const stock = tf.getKernel('BatchMatMul', 'wasm')!;
    installTrainingKernels('wasm');
    const installed = tf.getKernel('BatchMatMul', 'wasm')!;
    tf.unregisterKernel('BatchMatMul', 'wasm');
    tf.registerKernel({ ...stock, kernelFunc: batchMatMulKernel('wasm', stock.kernelFunc, { ownProducts: false }) });
    try {
      // Not the two cases the backend's own kernel gets wrong (above): broadcast both ways, an empty inner dimension.
      checkCases('xnnpack plan', CASES.filter((c) => !(c.a.length === 4 && c.b.length === 3) && !(c.a[1] === 0)));
    } finally {
      tf.unregisterKernel('BatchMatMul', 'wasm');
      tf.registerKernel(installed);
    }
  });

  test('a transposed operand is read in place: a weight gradient xᵀ·dy runs no Transpose (the XNNPACK plan runs one)', () => {
    const x = seededTensor([64, 96], 1);
    const dy = seededTensor([64, 40], 2);
    const transposes = (run: () => void): number => {
      const transpose = tf.getKernel('Transpose', 'wasm')!;
      let calls = 0;
      tf.unregisterKernel('Transpose', 'wasm');
      tf.registerKernel({ ...transpose, kernelFunc: (args) => ((calls += 1), transpose.kernelFunc(args)) });
      try {
        run();
      } finally {
        tf.unregisterKernel('Transpose', 'wasm');
        tf.registerKernel(transpose);
      }
      return calls;
    };
    const product = (ownProducts: boolean | 'auto') => () => {
      const kernel = batchMatMulKernel('wasm', tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc, { ownProducts });
      const out = kernel({ inputs: { a: x, b: dy }, backend: tf.backend(), attrs: { transposeA: true, transposeB: false } }) as tf.TensorInfo;
      tf.backend().disposeData(out.dataId);
    };
    assert.equal(transposes(product('auto')), 0, "gan-kit's products");
    assert.ok(transposes(product(false)) >= 1, 'the XNNPACK plan makes a transposed copy');
    tf.dispose([x, dy]);
  });

  test('gemmNN and gemmNT write the requested sub-block of C and nothing else', () => {
    const { backend, memory } = fakeWasmBackend(1);
    const context = wasmKernelContext(backend);
    assert.notEqual(context, null);
    const heap = new Float32Array(memory.buffer);
    const [m, k, n] = [9, 13, 19];
    const [A, B, C] = [0, 1024, 2048]; // float offsets
    for (let i = 0; i < m * k; i++) heap[A + i] = Math.sin(i + 1);
    for (let i = 0; i < k * n; i++) heap[B + i] = Math.cos(i + 2);
    const expected = (i: number, j: number, transposedB: boolean) => {
      let sum = 0;
      // transposedB: B holds an n × k matrix.
      for (let q = 0; q < k; q++) sum += heap[A + i * k + q]! * heap[B + (transposedB ? j * k + q : q * n + j)]!;
      return sum;
    };
    for (const transposedB of [false, true]) {
      heap.fill(-7, C, C + m * n);
      const [i0, i1, j0, j1] = [2, 7, 3, 17];
      if (transposedB) context!.kernels.gemmNT(4 * A, 4 * B, 4 * C, k, k, n, i0, i1, j0, j1, k);
      else context!.kernels.gemmNN(4 * A, 4 * B, 4 * C, k, 1, n, n, i0, i1, j0, j1, k);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          const inside = i >= i0 && i < i1 && j >= j0 && j < j1;
          const got = heap[C + i * n + j]!;
          if (inside) assert.ok(Math.abs(got - expected(i, j, transposedB)) <= 1e-5, `C[${i}, ${j}] = ${got}`);
          else assert.equal(got, -7, `C[${i}, ${j}] outside the block was written (transposed B: ${transposedB})`);
        }
      }
    }
  });

  test('ownProductsFor: gan-kit products on a one-thread backend, XNNPACK on a multi-threaded one, as asked otherwise', () => {
    const single = fakeWasmBackend(1, false).backend;
    const threaded = fakeWasmBackend(2).backend;
    const threadedOne = fakeWasmBackend(1).backend;
    assert.notEqual(ownProductsFor(single), null);
    assert.notEqual(ownProductsFor(threadedOne), null);
    assert.equal(ownProductsFor(threaded), null);
    assert.notEqual(ownProductsFor(threaded, true), null);
    assert.equal(ownProductsFor(single, false), null);
    assert.equal(ownProductsFor({}), null, 'not a wasm backend');
  });
});
