// gan-kit's adam(): on wasm with the training kernels, one fused WebAssembly pass per weight tensor that must give
// tf.train.adam's results bit for bit; elsewhere tf.train.adam itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { installTrainingKernels, uninstallTrainingKernels } from '../../src/backends/install_training_kernels.js';
import { adam, OPTIMIZER_EPSILON } from '../../src/optimizers/optimizers.js';
import { setLearningRate } from '../../src/optimizers/learning_rate.js';

/** Shapes with sizes that are and are not multiples of the 4 SIMD lanes, a scalar and a large matrix. */
const SHAPES = [[37, 5], [4], [], [3, 3, 2, 7], [300, 256]];

type Gradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];

/** Gradients by variable name (TensorFlow.js types the map as variables; any tensors are accepted). */
function named(entries: Array<[string, tf.Tensor]>): Gradients {
  return Object.fromEntries(entries) as unknown as Gradients;
}

/** Weights of the same start under two optimizers, stepped with the same gradients; returns both end states. */
function race(steps: number, makeOurs: () => tf.Optimizer, options: { changeRateAt?: number; listForm?: boolean } = {}) {
  const start = SHAPES.map((shape, i) => tf.randomNormal(shape, 0, 1, 'float32', i + 1));
  const ours = start.map((t, i) => tf.variable(t, true, `ours_${i}_${Math.random()}`));
  const theirs = start.map((t, i) => tf.variable(t, true, `theirs_${i}_${Math.random()}`));
  const optimizers = { ours: makeOurs(), theirs: tf.train.adam(2e-3, 0.5, 0.9, OPTIMIZER_EPSILON) };
  for (let step = 0; step < steps; step++) {
    if (step === options.changeRateAt) {
      setLearningRate(optimizers.ours, 5e-4);
      setLearningRate(optimizers.theirs, 5e-4);
    }
    const grads = SHAPES.map((shape, i) => tf.randomNormal(shape, 0, step % 3 === 0 ? 1e-3 : 2, 'float32', 1000 * step + i));
    if (options.listForm === true) {
      optimizers.ours.applyGradients(ours.map((v, i) => ({ name: v.name, tensor: grads[i]! })));
    } else {
      optimizers.ours.applyGradients(named(ours.map((v, i) => [v.name, grads[i]!])));
    }
    optimizers.theirs.applyGradients(named(theirs.map((v, i) => [v.name, grads[i]!])));
    tf.dispose(grads);
  }
  const values = (vs: tf.Variable[]) => vs.map((v) => [...v.dataSync()]);
  const result = { ours: values(ours), theirs: values(theirs), optimizers };
  tf.dispose([...start, ...ours, ...theirs]);
  return result;
}

test('wasm with training kernels: adam() takes the fused kernel and matches tf.train.adam bit for bit', async () => {
  await tf.setBackend('wasm');
  installTrainingKernels('wasm');
  const calls: string[] = [];
  const kernel = tf.getKernel('GanKitAdamUpdate', 'wasm')!;
  tf.unregisterKernel('GanKitAdamUpdate', 'wasm');
  tf.registerKernel({ ...kernel, kernelFunc: (args) => (calls.push('fused'), kernel.kernelFunc(args)) });
  try {
    const tensors = tf.memory().numTensors;
    const { ours, theirs, optimizers } = race(12, () => adam(2e-3, 0.5, 0.9), { changeRateAt: 7 });
    assert.equal(calls.length, 12 * SHAPES.length, 'one fused call per weight tensor and step');
    assert.deepEqual(ours, theirs);
    // Optimizer state (iterations, m and v) is tf.train.adam's too.
    const [a, b] = [await optimizers.ours.getWeights(), await optimizers.theirs.getWeights()];
    assert.deepEqual(a.map((w) => [...w.tensor.dataSync()]), b.map((w) => [...w.tensor.dataSync()]));
    tf.dispose([a[0]!.tensor, b[0]!.tensor]); // the iteration counts getWeights creates; the rest are the optimizers'
    optimizers.ours.dispose();
    optimizers.theirs.dispose();
    assert.equal(tf.memory().numTensors, tensors, 'no tensors leaked');
  } finally {
    tf.unregisterKernel('GanKitAdamUpdate', 'wasm');
    tf.registerKernel(kernel);
  }
});

test('wasm: the list form of gradients and a missing gradient are handled as tf.train.adam does', async () => {
  await tf.setBackend('wasm');
  installTrainingKernels('wasm');
  const { ours, theirs } = race(5, () => adam(2e-3, 0.5, 0.9), { listForm: true });
  assert.deepEqual(ours, theirs);
  const v = tf.variable(tf.ones([6]), true, `skipped_${Math.random()}`);
  const optimizer = adam(1e-2, 0.5);
  optimizer.applyGradients({ [v.name]: null } as unknown as Gradients);
  assert.deepEqual([...v.dataSync()], [1, 1, 1, 1, 1, 1], 'a null gradient leaves the weight alone');
  tf.dispose([v]);
  optimizer.dispose();
});

test('a checkpointed fused Adam resumes exactly like tf.train.adam', async () => {
  await tf.setBackend('wasm');
  installTrainingKernels('wasm');
  const w = tf.variable(tf.tensor1d([0.5, -1, 2, 3, -4]), true, `resume_${Math.random()}`);
  const first = adam(1e-2, 0.5, 0.9);
  for (let i = 0; i < 3; i++) first.applyGradients(named([[w.name, tf.tensor1d([1, -2, 0.5, 0, 3 + i])]]));
  const saved = await first.getWeights();
  const resumed = adam(1e-2, 0.5, 0.9);
  await resumed.setWeights(saved.map((s) => ({ name: s.name, tensor: s.tensor.clone() })));
  const stock = tf.train.adam(1e-2, 0.5, 0.9, OPTIMIZER_EPSILON);
  await stock.setWeights(saved.map((s) => ({ name: s.name, tensor: s.tensor.clone() })));
  const start = w.clone();
  const twin = tf.variable(start, true, `resume_twin_${Math.random()}`);
  resumed.applyGradients(named([[w.name, tf.tensor1d([2, 2, -2, 1, 1])]]));
  stock.applyGradients(named([[twin.name, tf.tensor1d([2, 2, -2, 1, 1])]]));
  assert.deepEqual([...w.dataSync()], [...twin.dataSync()]);
  tf.dispose([w, twin, start]);
  [first, resumed, stock].forEach((o) => o.dispose());
});

test('cpu, and wasm without the kernels: adam() is tf.train.adam', async () => {
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    uninstallTrainingKernels(backend);
    assert.equal(tf.getKernel('GanKitAdamUpdate', backend), undefined);
    const { ours, theirs } = race(4, () => adam(2e-3, 0.5, 0.9));
    assert.deepEqual(ours, theirs, backend);
  }
  await tf.setBackend('wasm');
  installTrainingKernels('wasm');
});

test('adam() is an Adam optimizer: class name, config and serialization are tf.train.adam\'s', () => {
  const optimizer = adam(3e-4, 0.5, 0.99);
  assert.ok(optimizer instanceof tf.AdamOptimizer);
  assert.equal((optimizer.constructor as typeof tf.AdamOptimizer).className, 'Adam');
  assert.deepEqual(optimizer.getConfig(), { learningRate: 3e-4, beta1: 0.5, beta2: 0.99, epsilon: OPTIMIZER_EPSILON });
  optimizer.dispose();
});

test('the fused kernel rejects operands of different sizes, and non-scalar bias corrections, with a message that names them', async () => {
  await tf.setBackend('wasm');
  installTrainingKernels('wasm');
  const [a, b, c] = [tf.ones([4]), tf.ones([5]), tf.scalar(0.5)];
  assert.throws(
    () => tf.engine().runKernel('GanKitAdamUpdate', { value: a, gradient: b, m: a, v: a, oneMinusAccBeta1: c, oneMinusAccBeta2: c }, { beta1: 0.5, beta2: 0.9, epsilon: 1e-8, learningRate: 1e-3 }),
    /needs float32 value, gradient, m and v of one size.*saw float32\[4\], float32\[5\], float32\[4\], float32\[4\], float32\[\], float32\[\]/,
  );
  const pair = tf.ones([2]);
  assert.throws(
    () => tf.engine().runKernel('GanKitAdamUpdate', { value: a, gradient: a, m: a, v: a, oneMinusAccBeta1: c, oneMinusAccBeta2: pair }, { beta1: 0.5, beta2: 0.9, epsilon: 1e-8, learningRate: 1e-3 }),
    /float32 scalars oneMinusAccBeta1\/2.*saw float32\[4\], float32\[4\], float32\[4\], float32\[4\], float32\[\], float32\[2\]/,
  );
  tf.dispose([a, b, c, pair]);
});
