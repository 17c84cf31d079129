// The gradients of Sum and Mean that broadcast dy with the Tile kernel (where gan-kit's training kernels are installed)
// give TensorFlow.js's values bit for bit, also as second-order gradients, run Tile instead of building ones, and leave
// backends without gan-kit's Tile to the stock gradient.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers'; // registers the gradients
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { installTrainingKernels } from '../../src/backends/install_training_kernels.js';

const CASES: readonly { shape: number[]; axis: number | number[] | undefined; keepDims: boolean }[] = [
  { shape: [4, 3, 3, 5], axis: [0, 1, 2], keepDims: false },
  { shape: [4, 3, 3, 5], axis: [1, 2], keepDims: true },
  { shape: [6, 7], axis: 0, keepDims: false },
  { shape: [6, 7], axis: -1, keepDims: true },
  { shape: [2, 3, 4], axis: undefined, keepDims: false },
  { shape: [5], axis: 0, keepDims: false },
  // Above rank 4, where TensorFlow.js cannot differentiate Tile, the stock gradient (second order included).
  { shape: [2, 2, 3, 2, 3], axis: [2, 3, 4], keepDims: true },
  { shape: [2, 1, 2, 3, 2, 2], axis: [3, 4, 5], keepDims: false },
];

/** The reduced axes of a case, as non-negative indices. */
function reducedAxes(c: (typeof CASES)[number]): number[] {
  if (c.axis === undefined) return c.shape.map((_, i) => i);
  return (Array.isArray(c.axis) ? c.axis : [c.axis]).map((a) => (a < 0 ? a + c.shape.length : a));
}

/** By hand: ∂/∂x Σ w·reduce(x) = w[the kept coordinates of x] (÷ the values averaged, for mean), for every element of x. */
function expectedGradient(reduction: 'sum' | 'mean', c: (typeof CASES)[number], w: Float32Array): Float32Array {
  const axes = reducedAxes(c);
  const count = axes.reduce((n, a) => n * c.shape[a]!, 1);
  const size = c.shape.reduce((a, b) => a * b, 1);
  const kept = c.shape.map((n, a) => (axes.includes(a) ? 1 : n));
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    let rest = i;
    let wi = 0;
    let stride = 1;
    for (let a = c.shape.length - 1; a >= 0; a--) {
      const coordinate = rest % c.shape[a]!;
      rest = Math.floor(rest / c.shape[a]!);
      if (!axes.includes(a)) wi += coordinate * stride;
      stride *= kept[a]!;
    }
    out[i] = reduction === 'mean' ? Math.fround(w[wi]! / count) : w[wi]!;
  }
  return out;
}

before(async () => {
  await tf.setBackend('wasm');
  installTrainingKernels('wasm');
});

test('the gradient of Σ w·sum(x) and Σ w·mean(x) is w broadcast (÷ n for mean), bit for bit, without leaks', () => {
  for (const reduction of ['sum', 'mean'] as const) {
    for (const [i, c] of CASES.entries()) {
      const label = `${reduction} over ${JSON.stringify(c.axis)} of [${c.shape.join(', ')}]${c.keepDims ? ', keepDims' : ''}`;
      const x = tf.randomNormal(c.shape, 0, 1, 'float32', i);
      const w = tf.tidy(() => tf.randomUniform(tf[reduction](x, c.axis, c.keepDims).shape, -2, 2, 'float32', 100 + i));
      const before = tf.memory().numTensors;
      const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf[reduction](v, c.axis, c.keepDims), w)))(x);
      assert.equal(tf.memory().numTensors, before + 1, `${label}: only the gradient is left`);
      assert.deepEqual(g.dataSync(), expectedGradient(reduction, c, w.dataSync() as Float32Array), label);
      tf.dispose([x, w, g]);
    }
  }
});

test('second-order gradients through them are the hand-derived ones: 8·n·u²·r for sum, 8·u²·r/n² for mean', () => {
  // f = Σ_j u_j·r_j² with r = reduce(x); g = Σ_i (∂f/∂x_i)²; ∂g/∂x_i = 8·n·u_j²·r_j (sum) or 8·u_j²·r_j/n² (mean), j the
  // reduced coordinate of x_i and n the number of values reduced into it.
  for (const reduction of ['sum', 'mean'] as const) {
    for (const [i, c] of CASES.entries()) {
      const size = c.shape.reduce((a, b) => a * b, 1);
      const x = tf.tensor(Float32Array.from({ length: size }, (_, k) => Math.sin(3 * k + i)), c.shape);
      const r = tf[reduction](x, c.axis, c.keepDims);
      const u = tf.tensor(Float32Array.from({ length: r.size }, (_, k) => 0.5 + ((k * 7) % 5) / 5), r.shape);
      const f = (v: tf.Tensor) => tf.sum(tf.mul(tf.square(tf[reduction](v, c.axis, c.keepDims)), u));
      const g = tf.grad((v: tf.Tensor) => tf.sum(tf.square(tf.grad(f)(v))))(x);
      const got = g.dataSync();
      const n = reducedAxes(c).reduce((m, a) => m * c.shape[a]!, 1);
      const factor = Float32Array.from(u.dataSync(), (uj, k) => (reduction === 'sum' ? 8 * n : 8 / (n * n)) * uj * uj * r.dataSync()[k]!);
      const expected = expectedGradient('sum', c, factor);
      expected.forEach((v, k) => assert.ok(Math.abs(got[k]! - v) <= 1e-5 * Math.max(1, Math.abs(v)), `${reduction} case ${i} at ${k}: ${got[k]} vs ${v}`));
      tf.dispose([x, r, u, g]);
    }
  }
});

test('on wasm the gradient broadcasts with Tile; on cpu, which has no gan-kit Tile, TensorFlow.js\'s gradient runs', async () => {
  const kernelsOf = async () => (await tf.profile(() => {
    tf.tidy(() => tf.grad((v: tf.Tensor) => tf.mean(v))(tf.ones([8, 4, 4, 3])));
  })).kernels.map((k) => k.name);
  await tf.setBackend('wasm');
  const onWasm = await kernelsOf();
  await tf.setBackend('cpu');
  const onCpu = await kernelsOf();
  await tf.setBackend('wasm');
  assert.ok(onWasm.includes('Tile') && !onWasm.includes('Multiply'), `wasm kernels: ${onWasm.join(', ')}`);
  assert.ok(onCpu.includes('Multiply') && !onCpu.includes('Tile'), `cpu kernels: ${onCpu.join(', ')}`);
});
