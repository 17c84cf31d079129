import assert from 'node:assert/strict';
import { test } from 'node:test';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { installTrainingKernels } from '../../src/backends/install_training_kernels.js';
import { enableSecondOrderGradients } from '../../src/gradients/enable_second_order_gradients.js';
import { SeededRandom } from '../../src/utils/random.js';
import { assertDerivativesAgree, compareSecondOrder } from './finite_differences.js';

await tf.setBackend('cpu');
const patched = enableSecondOrderGradients();

test('enableSecondOrderGradients is idempotent and re-installs a gradient that was overwritten', () => {
  assert.deepEqual(enableSecondOrderGradients(), patched);
  const ours = tf.getGradient(tf.Tanh);
  tf.registerGradient({ kernelName: tf.Tanh, outputsToSave: [true], gradFunc: (dy) => ({ x: () => dy as tf.Tensor }) });
  assert.notEqual(tf.getGradient(tf.Tanh), ours);
  assert.deepEqual(enableSecondOrderGradients(), patched);
  assert.equal(tf.getGradient(tf.Tanh), ours);
});

/** Values in ±[0.2, 1.2] (away from the kinks at 0 of relu-like ops) or in [0.5, 1.5] when `positive`. */
function input(random: SeededRandom, shape: number[], positive = false): tf.Tensor {
  const values = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => {
    const magnitude = 0.2 + random.uniform();
    return positive ? magnitude + 0.3 : random.uniform() < 0.5 ? -magnitude : magnitude;
  });
  return tf.tensor(values, shape);
}

const image = (x: tf.Tensor, shape: [number, number, number, number]): tf.Tensor4D => tf.reshape(tf.square(x), shape);
/** A fixed 2×2 filter, one input channel, two output channels (created on cpu; read on any backend). */
const FILTER = tf.tensor4d([0.7, -0.4, 0.2, 0.9, -0.3, 0.5, 0.8, -0.6], [2, 2, 1, 2]);

/** Each op under test, the size of its input vector, and whether the input must be positive. */
const OPS: Array<[string, (x: tf.Tensor) => tf.Tensor, number, boolean?]> = [
  ['tanh', tf.tanh, 6],
  ['sigmoid', tf.sigmoid, 6],
  ['exp', tf.exp, 6],
  ['elu', tf.elu, 6],
  ['selu', tf.selu, 6],
  ['softplus', tf.softplus, 6],
  ['x·leakyRelu(x)', (x) => tf.mul(x, tf.leakyRelu(x, 0.2)), 6],
  ['x·prelu(x)', (x) => tf.mul(x, tf.prelu(x, tf.scalar(0.3))), 6],
  ['x·relu6(4x)', (x) => tf.mul(x, tf.relu6(tf.mul(x, 4))), 6],
  ['maximum(x², x/2)', (x) => tf.maximum(tf.square(x), tf.mul(x, 0.5)), 6],
  ['minimum(x², 0.5)', (x) => tf.minimum(tf.square(x), 0.5), 6],
  ['x·clipByValue(x)', (x) => tf.mul(x, tf.clipByValue(x, -0.7, 0.7)), 6],
  ['softmax', (x) => tf.softmax(tf.reshape(x, [2, 3])), 6],
  ['pow(x, 3)', (x) => tf.pow(x, tf.scalar(3)), 6, true],
  ['pow(1.7, x)', (x) => tf.pow(tf.scalar(1.7), x), 6],
  ['max', (x) => tf.mul(tf.max(tf.reshape(x, [2, 3]), 1), tf.sum(x)), 6],
  ['layer normalization (moments)', (x) => {
    const rows = tf.reshape(x, [2, 3]);
    const { mean, variance } = tf.moments(rows, 1, true);
    return tf.tanh(tf.div(tf.sub(rows, mean), tf.sqrt(tf.add(variance, 1e-3))));
  }, 6],
  ['batchNorm', (x) => {
    const rows = tf.reshape(x, [3, 2]);
    const { mean, variance } = tf.moments(rows, 0);
    return tf.tanh(tf.batchNorm(rows, mean, variance, tf.tensor1d([0.3, 0.2]), tf.tensor1d([1.5, 0.7]), 1e-3));
  }, 6],
  ['maxPool 2×2', (x) => tf.maxPool(image(x, [1, 4, 4, 1]), 2, 2, 'valid'), 16],
  ['maxPool 3×3 stride 2 same', (x) => tf.maxPool(image(x, [1, 5, 5, 1]), 3, 2, 'same'), 25],
  ['avgPool 3×3 stride 2 same', (x) => tf.avgPool(image(x, [1, 5, 5, 1]), 3, 2, 'same'), 25],
  ['resizeNearestNeighbor ×2', (x) => tf.image.resizeNearestNeighbor(image(x, [2, 2, 2, 1]), [4, 4]), 8],
  ['resizeNearestNeighbor 2→3', (x) => tf.image.resizeNearestNeighbor(image(x, [1, 2, 2, 1]), [3, 3]), 4],
  ['resizeBilinear alignCorners', (x) => tf.image.resizeBilinear(image(x, [2, 2, 2, 1]), [3, 3], true), 8],
  ['conv2d', (x) => tf.conv2d(image(x, [1, 3, 3, 1]), FILTER, 1, 'same'), 9],
  ['conv2dTranspose', (x) => tf.conv2dTranspose(image(x, [1, 2, 2, 2]), FILTER, [1, 4, 4, 1], 2, 'same'), 8],
  ['filter gradient of conv2d (Conv2DBackpropFilter)', (x) => {
    const xs = image(x, [1, 3, 3, 1]);
    const seed = tf.tensor4d(Array.from({ length: 18 }, (_, i) => Math.sin(i)), [1, 3, 3, 2]);
    return tf.grad((w: tf.Tensor) => tf.sum(tf.mul(seed, tf.conv2d(xs, w as tf.Tensor4D, 1, 'same'))))(FILTER);
  }, 9],
];

for (const backend of ['cpu', 'wasm']) {
  test(`Hessian-vector products match finite differences of the first-order gradient on ${backend}`, async () => {
    await tf.setBackend(backend);
    // The stock wasm backend has no Conv2DBackpropFilter kernel; gan-kit's training kernels provide it.
    if (backend === 'wasm') installTrainingKernels('wasm');
    const random = new SeededRandom(5);
    const before = tf.memory().numTensors;
    for (const [name, f, size, positive] of OPS) {
      tf.tidy(() => {
        const x = input(random, [size], positive);
        const outShape = tf.tidy(() => f(x).shape);
        const s = input(random, outShape);
        const r = input(random, [size]);
        assertDerivativesAgree(compareSecondOrder(f, x, s, r, 1e-3), `${name} on ${backend}`,
          { relTol: 1e-2, absTol: 1e-4 });
      });
    }
    assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
  });
}

test('piecewise-linear ops have zero second derivatives, without an error', async () => {
  await tf.setBackend('cpu');
  const x = tf.tensor1d([-1.5, -0.5, 0.5, 1.5]);
  for (const f of [tf.relu, (t: tf.Tensor) => tf.leakyRelu(t, 0.2), (t: tf.Tensor) => tf.maximum(t, tf.mul(t, 0.3))]) {
    assert.deepEqual(Array.from(tf.grad(tf.grad(f))(x).dataSync()), [0, 0, 0, 0]);
  }
  x.dispose();
});

test('an op without a second-order gradient fails with an error that names it', async () => {
  await tf.setBackend('cpu');
  const x = tf.tensor4d([0.5, -0.3, 0.8, 0.1], [1, 1, 1, 4]);
  const lrn = (t: tf.Tensor): tf.Tensor => tf.sum(tf.square(tf.localResponseNormalization(t as tf.Tensor4D, 1)));
  assert.equal(tf.grad(lrn)(x).shape.length, 4, 'first-order gradients are unaffected');
  assert.throws(
    () => tf.grad((t: tf.Tensor) => tf.sum(tf.grad(lrn)(t)))(x),
    /gan-kit: the second-order gradient of localResponseNormalization \(kernel LRNGrad\) is not supported/,
  );
});
