// What tfjs-core 4.22 does with second-order gradients on its own, and what enableSecondOrderGradients changes.
// The gradient registry is global to the process, so the stock behaviour is recorded first, then the fix is enabled.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { enableSecondOrderGradients } from '../../src/gradients/enable_second_order_gradients.js';

const POINTS = [-1.3, -0.4, 0.5, 1.7];
const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** d²f/dx² at POINTS by double backpropagation. */
function secondDerivative(f: (x: tf.Tensor) => tf.Tensor): number[] {
  return tf.tidy(() => Array.from(tf.grad(tf.grad(f))(tf.tensor1d(POINTS)).dataSync()));
}

function assertClose(actual: number[], expected: number[], tol: number, label: string): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]!) <= tol, `${label}[${i}]: got ${a}, expected ${expected[i]}`));
}

/** f(x) = x·tanh(x): f″ = 2(1 − t²) − 2x·t(1 − t²), t = tanh x. The stock gradient loses the last term. */
const xTanh = (x: tf.Tensor): tf.Tensor => tf.mul(x, tf.tanh(x));
const xTanhSecond = POINTS.map((v) => {
  const t = Math.tanh(v);
  return 2 * (1 - t * t) - 2 * v * t * (1 - t * t);
});
/** f(x) = x·σ(x): f″ = 2σ(1 − σ) + x·σ(1 − σ)(1 − 2σ). The stock gradient loses the last term. */
const xSigmoid = (x: tf.Tensor): tf.Tensor => tf.mul(x, tf.sigmoid(x));
const xSigmoidSecond = POINTS.map((v) => {
  const s = sigmoid(v);
  return 2 * s * (1 - s) + v * s * (1 - s) * (1 - 2 * s);
});

for (const backend of ['cpu', 'wasm']) {
  test(`stock tfjs 4.22 on ${backend}: tanh and sigmoid give wrong second derivatives without an error`, async () => {
    await tf.setBackend(backend);
    const stockTanh = secondDerivative(xTanh);
    assertClose(stockTanh, POINTS.map((v) => 2 * (1 - Math.tanh(v) ** 2)), 1e-5, 'stock (x·tanh x)″, first term only');
    assert.ok(Math.abs(stockTanh[0]! - xTanhSecond[0]!) > 0.1, 'the stock value differs from the true one');
    const stockSigmoid = secondDerivative(xSigmoid);
    assertClose(stockSigmoid, POINTS.map((v) => 2 * sigmoid(v) * (1 - sigmoid(v))), 1e-5, 'stock (x·σ)″, first term only');
  });

  test(`stock tfjs 4.22 on ${backend}: leakyRelu, maximum, elu and pooling throw in double backpropagation`, async () => {
    await tf.setBackend(backend);
    const image = (x: tf.Tensor): tf.Tensor4D => tf.reshape(tf.square(x), [1, 2, 2, 1]);
    const throwing: Array<[string, (x: tf.Tensor) => tf.Tensor, RegExp]> = [
      ['leakyRelu', (x) => tf.mul(x, tf.leakyRelu(x, 0.2)), /gradient function not found for Greater/],
      ['maximum', (x) => tf.mul(x, tf.maximum(x, tf.mul(x, 0.5))), /gradient function not found for Less/],
      ['elu', (x) => tf.elu(x), /Cannot compute gradient of y=f\(x\)/],
      ['maxPool', (x) => tf.maxPool(image(x), 2, 2, 'valid'), /gradient function not found for MaxPoolGrad/],
      ['avgPool', (x) => tf.avgPool(image(x), 2, 2, 'valid'), /gradient function not found for AvgPoolGrad/],
      ['resizeBilinear', (x) => tf.image.resizeBilinear(image(x), [4, 4]), /gradient function not found for ResizeBilinearGrad/],
    ];
    for (const [name, f, message] of throwing) assert.throws(() => secondDerivative(f), message, name);
  });
}

test('stock tfjs-backend-cpu 4.22: the nearest up-sampling gradient is wrong for the second sample of a batch', async () => {
  await tf.setBackend('cpu');
  const x = tf.zeros([2, 2, 2, 1]);
  const dy = tf.tensor4d(Array.from({ length: 32 }, (_, i) => i), [2, 4, 4, 1]);
  const grad = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(dy, tf.image.resizeNearestNeighbor(z as tf.Tensor4D, [4, 4]))))(x);
  // Each input pixel collects its 2×2 block of dy; the second sample's first block is 16 + 17 + 20 + 21 = 74.
  assert.equal(grad.dataSync()[0], 0 + 1 + 4 + 5);
  assert.notEqual(grad.dataSync()[4], 74);
  tf.dispose([x, dy, grad]);
});

/** ∂/∂x of the max of one 2×2 window whose values are all negative; the maximum −0.2 is at position 1. */
function negativeWindowMaxPoolGradient(): number[] {
  return tf.tidy(() => {
    const x = tf.tensor4d([-0.5, -0.2, -0.9, -0.4], [1, 2, 2, 1]);
    return Array.from(tf.grad((z: tf.Tensor) => tf.sum(tf.maxPool(z as tf.Tensor4D, 2, 2, 'valid')))(x).dataSync());
  });
}

test('stock tfjs-backend-wasm 4.22: the max-pool gradient of an all-negative window goes to the wrong position', async () => {
  await tf.setBackend('wasm');
  assert.deepEqual(negativeWindowMaxPoolGradient(), [1, 0, 0, 0]);
  await tf.setBackend('cpu');
  assert.deepEqual(negativeWindowMaxPoolGradient(), [0, 1, 0, 0]);
});

test('enableSecondOrderGradients makes the same computations right on cpu and wasm', async () => {
  const patched = enableSecondOrderGradients();
  for (const kernel of ['Tanh', 'Sigmoid', 'Elu', 'Greater', 'MaxPool', 'AvgPoolGrad', 'ResizeNearestNeighbor']) {
    assert.ok(patched.includes(kernel), `${kernel} is patched`);
  }
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    const before = tf.memory().numTensors;
    assertClose(secondDerivative(xTanh), xTanhSecond, 1e-5, `${backend} (x·tanh x)″`);
    assertClose(secondDerivative(xSigmoid), xSigmoidSecond, 1e-5, `${backend} (x·σ)″`);
    assertClose(secondDerivative((x) => tf.mul(x, tf.leakyRelu(x, 0.2))), POINTS.map((v) => (v > 0 ? 2 : 0.4)), 1e-6,
      `${backend} (x·leakyRelu x)″`);
    assertClose(secondDerivative((x) => tf.leakyRelu(x, 0.2)), [0, 0, 0, 0], 0, `${backend} leakyRelu″`);
    assertClose(secondDerivative(tf.elu), POINTS.map((v) => (v > 0 ? 0 : Math.exp(v))), 1e-6, `${backend} elu″`);
    const x = tf.zeros([2, 2, 2, 1]);
    const dy = tf.tensor4d(Array.from({ length: 32 }, (_, i) => i), [2, 4, 4, 1]);
    const grad = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(dy, tf.image.resizeNearestNeighbor(z as tf.Tensor4D, [4, 4]))))(x);
    assert.deepEqual(Array.from(grad.dataSync()), [10, 18, 42, 50, 74, 82, 106, 114], `${backend} nearest up-sampling gradient`);
    assert.deepEqual(negativeWindowMaxPoolGradient(), [0, 1, 0, 0], `${backend} max-pool gradient`);
    tf.dispose([x, dy, grad]);
    assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
  }
});
