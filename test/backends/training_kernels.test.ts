// gan-kit's training kernels against the stock cpu kernels: randomized conv gradients and matmuls, a DCGAN-like
// training step's gradients, and a second-order gradient through conv2d.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
import { installTrainingKernels, uninstallTrainingKernels } from '../../src/backends/install_training_kernels.js';
import { conv2DBackpropInputKernel } from '../../src/backends/kernels/conv2d_backprop_input.js';
import { DCGAN } from '../../src/architectures/dcgan.js';
import type { GanModels } from '../../src/architectures/gan_models.js';
import { assertClose, convCases, convOperands, kernelValues, seededTensor, type ConvCase } from './kernel_agreement.js';

const TOLERANCE = 1e-4;
const CASES = convCases(20261122, 28);

interface MatMulCase {
  batchA: number;
  batchB: number;
  m: number;
  k: number;
  n: number;
  transposeA: boolean;
  transposeB: boolean;
}

const MATMUL_CASES: MatMulCase[] = [
  ...fc.sample(
    fc.record({
      batchA: fc.constant(1),
      batchB: fc.constant(1),
      m: fc.integer({ min: 1, max: 40 }),
      k: fc.integer({ min: 1, max: 40 }),
      n: fc.integer({ min: 1, max: 40 }),
      transposeA: fc.boolean(),
      transposeB: fc.boolean(),
    }),
    { seed: 7, numRuns: 16 },
  ),
  { batchA: 3, batchB: 1, m: 5, k: 7, n: 4, transposeA: false, transposeB: true },
  { batchA: 3, batchB: 1, m: 5, k: 7, n: 4, transposeA: true, transposeB: false },
  { batchA: 2, batchB: 2, m: 3, k: 6, n: 5, transposeA: true, transposeB: true },
  { batchA: 1, batchB: 1, m: 64, k: 256, n: 256, transposeA: true, transposeB: false },
  // Computed as (B·A^T)^T: the small left operand is cheaper to copy than the large right one.
  { batchA: 1, batchB: 1, m: 4, k: 40, n: 48, transposeA: false, transposeB: true },
  { batchA: 1, batchB: 1, m: 3, k: 50, n: 30, transposeA: true, transposeB: true },
  // Plain products computed as (B^T·A^T)^T: packing the 8 × 160 A^T costs less than packing the 160 × 120 B.
  { batchA: 1, batchB: 1, m: 8, k: 160, n: 120, transposeA: false, transposeB: false },
  { batchA: 4, batchB: 1, m: 2, k: 97, n: 131, transposeA: false, transposeB: false },
  // Plain, and kept plain: B is the small operand.
  { batchA: 1, batchB: 1, m: 120, k: 160, n: 8, transposeA: false, transposeB: false },
];

/** Dense-layer forward passes act(x·W + b) as the fused kernel runs them, with each activation it can carry. */
const FUSED_CASES: Array<{ m: number; k: number; n: number; activation: string; bias: boolean; transposeB?: boolean }> = [
  { m: 8, k: 160, n: 120, activation: 'linear', bias: true },
  { m: 8, k: 160, n: 120, activation: 'relu', bias: false },
  { m: 6, k: 130, n: 90, activation: 'leakyrelu', bias: true },
  { m: 6, k: 130, n: 90, activation: 'sigmoid', bias: true },
  { m: 6, k: 130, n: 90, activation: 'elu', bias: true },
  { m: 6, k: 130, n: 90, activation: 'relu6', bias: true },
  { m: 6, k: 130, n: 90, activation: 'prelu', bias: true },
  // tfjs-backend-wasm's own fused kernel adds the bias wrongly with a transposed B; gan-kit's never hands it one.
  { m: 5, k: 70, n: 40, activation: 'relu', bias: true, transposeB: true },
  { m: 3, k: 2, n: 4, activation: 'linear', bias: true, transposeB: true },
  // B is the small operand: the backend's fused kernel as it is.
  { m: 120, k: 40, n: 3, activation: 'relu', bias: true },
];

/** The fused product, computed twice with the same weights (the second call goes to the backend's own kernel). */
function fusedMatMul(c: (typeof FUSED_CASES)[number], seed: number): Float32Array[] {
  return tf.tidy(() => {
    const x = seededTensor([c.m, c.k], seed);
    const w = seededTensor(c.transposeB === true ? [c.n, c.k] : [c.k, c.n], seed + 1);
    const bias = c.bias ? seededTensor([c.n], seed + 2) : undefined;
    const alpha = c.activation === 'prelu' ? tf.mul(tf.abs(seededTensor([c.n], seed + 3)), 0.3) : undefined;
    const run = () =>
      tf.fused.matMul({
        a: x, b: w, transposeB: c.transposeB === true, activation: c.activation as tf.fused.Activation, leakyreluAlpha: 0.15,
        ...(bias === undefined ? {} : { bias }),
        ...(alpha === undefined ? {} : { preluActivationWeights: alpha }),
      });
    return [run().dataSync() as Float32Array, run().dataSync() as Float32Array];
  });
}

/** Batch normalizations with given statistics: channel counts with and without a 4-wide remainder, optional offset and scale. */
const BATCH_NORM_CASES: Array<{ x: number[]; params: number[]; offset: boolean; scale: boolean }> = [
  { x: [64, 14, 14, 64], params: [64], offset: true, scale: true },
  { x: [3, 5, 7, 13], params: [13], offset: false, scale: true },
  { x: [6, 3], params: [1, 3], offset: true, scale: false },
  { x: [2, 2, 2, 1], params: [1, 1, 1, 1], offset: false, scale: false },
  // Statistics over the last two axes (read modulo their length): the backend's own kernel.
  { x: [2, 3, 4], params: [3, 4], offset: true, scale: true },
];

function batchNorm(c: (typeof BATCH_NORM_CASES)[number], seed: number): Float32Array {
  return tf.tidy(() => {
    const x = tf.add(tf.mul(seededTensor(c.x, seed), 3), 5);
    const mean = tf.add(seededTensor(c.params, seed + 1), 5);
    const variance = tf.add(tf.square(seededTensor(c.params, seed + 2)), 0.5);
    const offset = c.offset ? seededTensor(c.params, seed + 3) : undefined;
    const scale = c.scale ? seededTensor(c.params, seed + 4) : undefined;
    return tf.batchNorm(x, mean, variance, offset, scale, 1e-3).dataSync() as Float32Array;
  });
}

/** Transposes: rotations of the axes (gan-kit's WebAssembly transpose) and other permutations (wasm's own). */
const TRANSPOSE_CASES: Array<{ shape: number[]; perm: number[]; dtype: 'float32' | 'int32' }> = [
  { shape: [1024, 784], perm: [1, 0], dtype: 'float32' },
  { shape: [37, 70], perm: [1, 0], dtype: 'float32' },
  { shape: [3, 1], perm: [1, 0], dtype: 'float32' },
  { shape: [1, 9], perm: [1, 0], dtype: 'int32' },
  { shape: [5, 5, 3, 64], perm: [1, 2, 3, 0], dtype: 'float32' },
  { shape: [5, 5, 3, 64], perm: [3, 0, 1, 2], dtype: 'float32' },
  { shape: [6, 7, 9], perm: [2, 0, 1], dtype: 'int32' },
  { shape: [6, 7, 9], perm: [1, 2, 0], dtype: 'float32' },
  { shape: [6, 7, 9], perm: [0, 2, 1], dtype: 'float32' },
  { shape: [2, 3, 4, 5], perm: [3, 2, 1, 0], dtype: 'float32' },
  { shape: [0, 5], perm: [1, 0], dtype: 'float32' },
];

function transpose(c: (typeof TRANSPOSE_CASES)[number], seed: number): { values: number[]; shape: number[]; dtype: string } {
  return tf.tidy(() => {
    const x = tf.cast(tf.mul(seededTensor(c.shape, seed), 1000), c.dtype);
    const out = tf.engine().runKernel('Transpose', { x }, { perm: c.perm }) as tf.Tensor;
    return { values: [...out.dataSync()], shape: out.shape, dtype: out.dtype };
  });
}

/** Tilings: the broadcasts of batch-norm and bias gradients, plus general repeats. */
const TILE_CASES: Array<{ shape: number[]; reps: number[] }> = [
  { shape: [1, 1, 1, 13], reps: [3, 5, 7, 1] },
  { shape: [1, 1, 1, 256], reps: [2, 3, 3, 1] },
  { shape: [1, 40], reps: [6, 1] },
  { shape: [3, 5], reps: [4, 2] },
  { shape: [2, 1, 3], reps: [1, 4, 1] },
  { shape: [2, 3, 1, 2], reps: [2, 1, 3, 2] },
  { shape: [4, 3], reps: [1, 1] },
  { shape: [1, 2, 1, 2, 1, 2, 1, 2], reps: [2, 1, 2, 1, 2, 1, 2, 1] },
];

/** Reductions: the NHWC batch-and-space and space-only reductions gan-kit computes by pooling, and ones it leaves alone. */
const REDUCE_CASES: Array<{ kernel: 'Sum' | 'Mean'; shape: number[]; axis: number[]; keepDims: boolean }> = [
  { kernel: 'Sum', shape: [64, 14, 14, 64], axis: [0, 1, 2], keepDims: false },
  { kernel: 'Mean', shape: [64, 14, 14, 64], axis: [0, 1, 2], keepDims: true },
  { kernel: 'Sum', shape: [3, 5, 7, 13], axis: [2, 0, 1], keepDims: true },
  { kernel: 'Mean', shape: [3, 5, 7, 13], axis: [1, 2], keepDims: false },
  { kernel: 'Sum', shape: [2, 9, 4, 3], axis: [1, 2], keepDims: true },
  { kernel: 'Sum', shape: [1, 1, 1, 5], axis: [0, 1, 2], keepDims: false },
  { kernel: 'Mean', shape: [4, 3, 2, 5], axis: [0, 1, 2, 3], keepDims: false },
  { kernel: 'Sum', shape: [4, 3, 2, 5], axis: [0, 3], keepDims: false },
  { kernel: 'Mean', shape: [40, 6], axis: [0], keepDims: false },
  // All axes but the last of other ranks: column sums (eight, four-free and one-column remainders).
  { kernel: 'Sum', shape: [64, 1024], axis: [0], keepDims: false },
  { kernel: 'Mean', shape: [3, 5, 13], axis: [1, 0], keepDims: true },
  { kernel: 'Sum', shape: [7, 9], axis: [-2], keepDims: true },
  { kernel: 'Mean', shape: [5, 1, 2, 3, 3], axis: [0, 1, 2, 3], keepDims: false },
  // Not the leading axes: the backend's own kernel.
  { kernel: 'Sum', shape: [2, 3, 4], axis: [1], keepDims: false },
];

/** The reduction's values and shape. */
function reduce(c: (typeof REDUCE_CASES)[number], seed: number): { values: Float32Array; shape: number[] } {
  return tf.tidy(() => {
    const out = tf.engine().runKernel(c.kernel, { x: seededTensor(c.shape, seed) }, { axis: c.axis, keepDims: c.keepDims }) as tf.Tensor;
    return { values: out.dataSync() as Float32Array, shape: out.shape };
  });
}

function tile(c: { shape: number[]; reps: number[] }, seed: number): Float32Array {
  return tf.tidy(() => kernelValues('Tile', { x: seededTensor(c.shape, seed) }, { reps: c.reps }));
}

function convAttrs(c: ConvCase) {
  return { strides: typeof c.stride === 'number' ? [c.stride, c.stride] : c.stride, pad: c.pad, dataFormat: 'NHWC' as const };
}

function filterGradient(c: ConvCase, seed: number): Float32Array {
  const o = convOperands(c, seed);
  return tf.tidy(() =>
    kernelValues(
      'Conv2DBackpropFilter',
      { x: seededTensor(o.xShape, o.x), dy: seededTensor(o.dyShape, o.dy) },
      { ...convAttrs(c), filterShape: o.filterShape },
    ),
  );
}

function inputGradient(c: ConvCase, seed: number): Float32Array {
  const o = convOperands(c, seed);
  return tf.tidy(() =>
    kernelValues(
      'Conv2DBackpropInput',
      { dy: seededTensor(o.dyShape, o.dy), filter: seededTensor(o.filterShape, o.filter) },
      { ...convAttrs(c), inputShape: o.xShape },
    ),
  );
}

function matMul(c: MatMulCase, seed: number): Float32Array {
  const aShape = [c.batchA, ...(c.transposeA ? [c.k, c.m] : [c.m, c.k])];
  const bShape = [c.batchB, ...(c.transposeB ? [c.n, c.k] : [c.k, c.n])];
  return tf.tidy(() =>
    kernelValues(
      'BatchMatMul',
      { a: seededTensor(aShape, seed), b: seededTensor(bShape, seed + 1) },
      { transposeA: c.transposeA, transposeB: c.transposeB },
    ),
  );
}

/** Runs `f` and asserts that it leaves no tensor and no backend data behind. */
function noLeak<T>(label: string, f: () => T): T {
  const tensors = tf.memory().numTensors;
  const data = tf.backend().numDataIds();
  const out = f();
  assert.equal(tf.memory().numTensors, tensors, `${label}: tensors leaked`);
  assert.equal(tf.backend().numDataIds(), data, `${label}: backend data leaked`);
  return out;
}

/** Gradient of sum((d/dx sum(conv(x, w)^2))^2) with respect to w: a second-order gradient through conv2d. */
function secondOrder(c: ConvCase, seed: number): Float32Array {
  const o = convOperands(c, seed);
  return tf.tidy(() => {
    const x = seededTensor(o.xShape, o.x) as tf.Tensor4D;
    const w = seededTensor(o.filterShape, o.filter) as tf.Tensor4D;
    const inner = (wi: tf.Tensor) =>
      tf.sum(tf.square(tf.grad((xi: tf.Tensor) => tf.sum(tf.square(tf.conv2d(xi as tf.Tensor4D, wi as tf.Tensor4D, c.stride, c.pad))))(x)));
    return tf.grad(inner)(w).dataSync() as Float32Array;
  });
}

/** A DCGAN-28-shaped pair at small width (latent 8), as in shared/bench/README.md. */
function tinyDcgan(): GanModels {
  return new DCGAN({ imageShape: [28, 28, 1], latentDim: 8, width: 4, seed: 5 });
}

/** Non-saturating losses of one step and their gradients for every weight, in weight order: [dLoss, gLoss, ...grads]. */
function dcganStep(models: ReturnType<typeof tinyDcgan>): Float32Array[] {
  return tf.tidy(() => {
    const { generator, discriminator } = models;
    const z = seededTensor([4, 8], 11);
    const real = tf.tanh(seededTensor([4, 28, 28, 1], 12));
    const logits = (images: tf.Tensor) => discriminator.apply(images, { training: true }) as tf.Tensor;
    const fake = () => generator.apply(z, { training: true }) as tf.Tensor;
    const dLoss = () => tf.add(tf.mean(tf.softplus(tf.neg(logits(real)))), tf.mean(tf.softplus(logits(fake())))) as tf.Scalar;
    const gLoss = () => tf.mean(tf.softplus(tf.neg(logits(fake())))) as tf.Scalar;
    const variables = (model: tfl.LayersModel) => model.trainableWeights.map((w) => w.read() as tf.Variable);
    const d = tf.variableGrads(dLoss, variables(discriminator));
    const g = tf.variableGrads(gLoss, variables(generator));
    const grads = [...Object.values(d.grads), ...Object.values(g.grads)];
    return [d.value, g.value, ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

describe('training kernels agree with the stock cpu kernels', () => {
  const reference = {
    filter: [] as Float32Array[],
    input: [] as Float32Array[],
    matMul: [] as Float32Array[],
    tile: [] as Float32Array[],
    reduce: [] as Array<{ values: Float32Array; shape: number[] }>,
    transpose: [] as Array<ReturnType<typeof transpose>>,
    batchNorm: [] as Float32Array[],
    fused: [] as Float32Array[][],
    secondOrder: [] as Float32Array[],
    dcgan: [] as Float32Array[],
  };
  const secondOrderCases = CASES.slice(0, 6);
  let models: ReturnType<typeof tinyDcgan>;

  before(async () => {
    await tf.setBackend('cpu');
    uninstallTrainingKernels('cpu');
    CASES.forEach((c, i) => {
      reference.filter.push(filterGradient(c, 100 * i));
      reference.input.push(inputGradient(c, 100 * i));
    });
    MATMUL_CASES.forEach((c, i) => reference.matMul.push(matMul(c, 100 * i)));
    TILE_CASES.forEach((c, i) => reference.tile.push(tile(c, 100 * i)));
    REDUCE_CASES.forEach((c, i) => reference.reduce.push(reduce(c, 100 * i)));
    TRANSPOSE_CASES.forEach((c, i) => reference.transpose.push(transpose(c, 100 * i)));
    BATCH_NORM_CASES.forEach((c, i) => reference.batchNorm.push(batchNorm(c, 100 * i)));
    FUSED_CASES.forEach((c, i) => reference.fused.push(fusedMatMul(c, 100 * i)));
    secondOrderCases.forEach((c, i) => reference.secondOrder.push(secondOrder(c, 100 * i)));
    models = tinyDcgan();
    reference.dcgan = dcganStep(models);
    await tf.setBackend('wasm');
  });

  for (const backendName of ['wasm', 'cpu']) {
    test(`${backendName}: Conv2DBackpropFilter on ${CASES.length} shapes`, async () => {
      await tf.setBackend(backendName);
      installTrainingKernels(backendName);
      CASES.forEach((c, i) => {
        const label = `${backendName} filter ${JSON.stringify(c)}`;
        assertClose(noLeak(label, () => filterGradient(c, 100 * i)), reference.filter[i]!, TOLERANCE, label);
      });
    });
  }

  test(`wasm: Conv2DBackpropInput on ${CASES.length} shapes`, async () => {
    await tf.setBackend('wasm');
    installTrainingKernels('wasm');
    CASES.forEach((c, i) => {
      const label = `wasm input ${JSON.stringify(c)}`;
      assertClose(noLeak(label, () => inputGradient(c, 100 * i)), reference.input[i]!, TOLERANCE, label);
    });
  });

  test(`wasm: Conv2DBackpropInput as a sub-pixel convolution only (no col2im) on ${CASES.length} shapes`, async () => {
    await tf.setBackend('wasm');
    uninstallTrainingKernels('wasm');
    const stock = tf.getKernel('Conv2DBackpropInput', 'wasm')!;
    installTrainingKernels('wasm');
    const installed = tf.getKernel('Conv2DBackpropInput', 'wasm')!;
    tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
    tf.registerKernel({ ...stock, kernelFunc: conv2DBackpropInputKernel('wasm', stock.kernelFunc, false) });
    try {
      CASES.forEach((c, i) => {
        const label = `wasm sub-pixel input ${JSON.stringify(c)}`;
        assertClose(noLeak(label, () => inputGradient(c, 100 * i)), reference.input[i]!, TOLERANCE, label);
      });
    } finally {
      tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
      tf.registerKernel(installed);
    }
  });

  test(`wasm: BatchMatMul with transposed and batched operands (${MATMUL_CASES.length} cases)`, async () => {
    await tf.setBackend('wasm');
    installTrainingKernels('wasm');
    MATMUL_CASES.forEach((c, i) => {
      const label = `wasm matmul ${JSON.stringify(c)}`;
      assertClose(noLeak(label, () => matMul(c, 100 * i)), reference.matMul[i]!, TOLERANCE, label);
    });
  });

  test('wasm: BatchMatMul with an empty inner dimension gives zeros, also in memory that held other values', async () => {
    await tf.setBackend('wasm');
    installTrainingKernels('wasm');
    // tfjs-backend-wasm 4.22's own kernel leaves the output uninitialized: it shows the values freed before it.
    for (const [aShape, bShape, transposeA, transposeB] of [
      [[2, 5, 0], [0, 3], false, false],
      [[0, 4], [6, 0], true, true],
    ] as const) {
      const label = `wasm matmul [${aShape.join(', ')}]·[${bShape.join(', ')}]`;
      const values = noLeak(label, () =>
        tf.tidy(() => {
          const [m, n] = [transposeA ? aShape.at(-1)! : aShape.at(-2)!, transposeB ? bShape.at(-2)! : bShape.at(-1)!];
          const size = (aShape.length === 3 ? aShape[0]! : 1) * m * n;
          const filler = tf.fill([size], 7);
          filler.dataSync();
          filler.dispose();
          return kernelValues('BatchMatMul', { a: tf.zeros([...aShape]), b: tf.zeros([...bShape]) }, { transposeA, transposeB });
        }),
      );
      assert.deepEqual([...values], new Array<number>(values.length).fill(0), label);
      assert.equal(values.length, aShape.length === 3 ? 30 : 24, `${label}: size`);
    }
  });

  test(`wasm: _FusedMatMul through the planned product, then bias and activation (${FUSED_CASES.length} cases)`, async () => {
    await tf.setBackend('wasm');
    installTrainingKernels('wasm');
    FUSED_CASES.forEach((c, i) => {
      const label = `wasm fused matmul ${JSON.stringify(c)}`;
      const [first, second] = noLeak(label, () => fusedMatMul(c, 100 * i));
      assertClose(first!, reference.fused[i]![0]!, TOLERANCE, `${label} (new weights)`);
      assertClose(second!, reference.fused[i]![1]!, TOLERANCE, `${label} (weights seen before)`);
    });
  });

  test(`wasm: Tile as a broadcast (${TILE_CASES.length} cases)`, async () => {
    await tf.setBackend('wasm');
    installTrainingKernels('wasm');
    TILE_CASES.forEach((c, i) => {
      const label = `wasm tile ${JSON.stringify(c)}`;
      assertClose(noLeak(label, () => tile(c, 100 * i)), reference.tile[i]!, 0, label);
    });
  });

  test(`wasm: Sum and Mean over batch and space by pooling, over leading axes by column sums (${REDUCE_CASES.length} cases)`, async () => {
    await tf.setBackend('wasm');
    installTrainingKernels('wasm');
    REDUCE_CASES.forEach((c, i) => {
      const label = `wasm ${c.kernel} ${JSON.stringify(c)}`;
      const { values, shape } = noLeak(label, () => reduce(c, 100 * i));
      assert.deepEqual(shape, reference.reduce[i]!.shape, `${label}: shape`);
      assertClose(values, reference.reduce[i]!.values, TOLERANCE, label);
    });
    // Integer sums keep the backend's own kernel and exact integer arithmetic.
    const ints = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 1, 2], 'int32');
    const total = tf.sum(ints, [0, 1, 2]);
    assert.deepEqual({ dtype: total.dtype, values: [...total.dataSync()] }, { dtype: 'int32', values: [16, 20] });
    tf.dispose([ints, total]);
  });

  test(`wasm: FusedBatchNorm in one pass (${BATCH_NORM_CASES.length} cases)`, async () => {
    await tf.setBackend('wasm');
    installTrainingKernels('wasm');
    BATCH_NORM_CASES.forEach((c, i) => {
      const label = `wasm batch norm ${JSON.stringify(c)}`;
      assertClose(noLeak(label, () => batchNorm(c, 100 * i)), reference.batchNorm[i]!, 1e-6, label);
    });
  });

  test(`wasm: Transpose gives cpu's values exactly (${TRANSPOSE_CASES.length} cases)`, async () => {
    await tf.setBackend('wasm');
    installTrainingKernels('wasm');
    TRANSPOSE_CASES.forEach((c, i) => {
      const label = `wasm transpose ${JSON.stringify(c)}`;
      assert.deepEqual(noLeak(label, () => transpose(c, 100 * i)), reference.transpose[i], label);
    });
  });

  test('wasm: LeakyReLU as x·step(x, α) and its gradient dy·step(x, α) give the stock wasm values bit for bit', async () => {
    const x = [-3.5, -1e-30, -0, 0, 1e-30, 2.25, -Infinity, Infinity, NaN, -7.125];
    const dy = [1.5, -2, 3, 0.25, -1, 4, 2, -3, 1, 0.5];
    const run = () =>
      tf.tidy(() => {
        const xs = tf.tensor1d(x);
        const forward = tf.leakyRelu(xs, 0.2);
        const [gradient] = tf.grads((t: tf.Tensor) => tf.leakyRelu(t, 0.2))([xs], tf.tensor1d(dy));
        return [...forward.dataSync(), ...gradient!.dataSync()];
      });
    await tf.setBackend('wasm');
    uninstallTrainingKernels('wasm');
    const stock = run();
    installTrainingKernels('wasm');
    const ours = noLeak('wasm leakyRelu', run);
    // One deliberate difference: at x = NaN the gradient is NaN (stock: α·dy, a finite gradient for a NaN output).
    assert.ok(Number.isNaN(ours[x.length + 8]!) && Number.isFinite(stock[x.length + 8]!), 'gradient at NaN');
    assert.deepEqual(ours.map(String).filter((_, i) => i !== x.length + 8), stock.map(String).filter((_, i) => i !== x.length + 8));
    // α·x in float32 (α = 0.2 rounds to 0.200000003); -0 and 0 map to 0, infinities and NaN pass through.
    const f = Math.fround;
    assert.deepEqual(ours.slice(0, 10).map(String), [f(f(0.2) * -3.5), f(f(0.2) * -1e-30), 0, 0, f(1e-30), 2.25, -Infinity, Infinity, NaN, f(f(0.2) * -7.125)].map(String));
  });

  test('wasm: Identity is a new reference to the same data, freed with the last reference', async () => {
    await tf.setBackend('wasm');
    installTrainingKernels('wasm');
    const data = tf.backend().numDataIds();
    const x = tf.tensor2d([1, -2, 3, 4.5], [2, 2]);
    const copy = tf.clone(x);
    assert.equal(tf.backend().numDataIds(), data + 1, 'the clone shares the data of x');
    x.dispose();
    assert.deepEqual([...copy.dataSync()], [1, -2, 3, 4.5]);
    copy.dispose();
    assert.equal(tf.backend().numDataIds(), data, 'the data is freed with its last reference');
    const text = tf.tensor1d(['a', 'b'], 'string');
    const textCopy = tf.clone(text);
    assert.deepEqual(textCopy.arraySync(), ['a', 'b']);
    tf.dispose([text, textCopy]);
  });

  test('wasm: second-order gradient through conv2d equals cpu', async () => {
    await tf.setBackend('wasm');
    installTrainingKernels('wasm');
    secondOrderCases.forEach((c, i) => {
      const label = `wasm second order ${JSON.stringify(c)}`;
      assertClose(noLeak(label, () => secondOrder(c, 100 * i)), reference.secondOrder[i]!, 1e-3, label);
    });
  });

  test('the cpu second-order reference matches central finite differences', async () => {
    await tf.setBackend('cpu');
    uninstallTrainingKernels('cpu');
    const c: ConvCase = { batch: 1, height: 5, width: 5, inChannels: 2, outChannels: 3, kernel: 3, stride: 2, pad: 'same' };
    const o = convOperands(c, 0);
    const h = 1e-2;
    const objective = (w: tf.Tensor4D) =>
      tf.tidy(() => {
        const x = seededTensor(o.xShape, o.x) as tf.Tensor4D;
        const gx = tf.grad((xi: tf.Tensor) => tf.sum(tf.square(tf.conv2d(xi as tf.Tensor4D, w, c.stride, c.pad))))(x);
        return tf.sum(tf.square(gx)).dataSync()[0] as number;
      });
    const analytic = secondOrder(c, 0);
    const w0 = seededTensor(o.filterShape, o.filter);
    const values = w0.dataSync();
    for (const index of [0, 7, values.length - 1]) {
      const shifted = (delta: number) => {
        const v = Float32Array.from(values);
        v[index] = (v[index] as number) + delta;
        return tf.tidy(() => objective(tf.tensor4d(v, o.filterShape)));
      };
      const numeric = (shifted(h) - shifted(-h)) / (2 * h);
      const exact = analytic[index] as number;
      assert.ok(Math.abs(numeric - exact) <= 1e-2 * Math.max(1, Math.abs(exact)), `index ${index}: ${numeric} vs ${exact}`);
    }
    w0.dispose();
  });

  test('wasm: a DCGAN-like training step has the losses and gradients of cpu', async () => {
    await tf.setBackend('wasm');
    installTrainingKernels('wasm');
    dcganStep(models); // moves the weights to wasm
    const step = noLeak('dcgan step', () => dcganStep(models));
    assert.equal(step.length, reference.dcgan.length);
    step.forEach((values, i) => assertClose(values, reference.dcgan[i]!, 1e-3, `dcgan output ${i}`));
  });
});
