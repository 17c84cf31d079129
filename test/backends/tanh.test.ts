// gan-kit's WebAssembly tanh (the wasm `Tanh` kernel) against Math.tanh in float64: a dense grid over [−12, 12], both
// sides of the switch at |x| = 1/4, tiny and huge values, and the special values; its gradient.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
// Registers TensorFlow.js's gradients (tfjs-core's bundle entry is not importable here).
import '@tensorflow/tfjs-layers';
import { installTrainingKernels } from '../../src/backends/install_training_kernels.js';

before(async () => {
  await tf.setBackend('wasm');
  installTrainingKernels('wasm');
});

test('tanh is within 4e-7 relative of Math.tanh on 240,001 values and exact at the special values', () => {
  const grid = Array.from({ length: 240_001 }, (_, i) => -12 + i / 10_000);
  const edges = [0.25, -0.25, Math.fround(0.25) - 2 ** -26, 1e-30, -3e-5, 10, 10.5, 88, -1e30, 3.4e38];
  const values = Float32Array.from([...grid, ...edges]);
  const x = tf.tensor1d(values);
  const y = tf.tanh(x);
  const got = y.dataSync();
  let worst = 0;
  values.forEach((v, i) => {
    const expected = Math.tanh(v);
    worst = Math.max(worst, Math.abs(got[i]! - expected) / Math.max(Math.abs(expected), 1e-38));
  });
  assert.ok(worst <= 4e-7, `worst relative error ${worst}`);
  assert.ok(worst > 0, 'an approximation, not a copy of Math.tanh');
  const special = tf.tanh(tf.tensor1d([Number.NaN, -0, 0, Infinity, -Infinity, 1e-40]));
  const s = [...special.dataSync()];
  assert.ok(Number.isNaN(s[0]));
  assert.ok(Object.is(s[1], -0) && Object.is(s[2], 0), `${s[1]}, ${s[2]}`);
  assert.deepEqual(s.slice(3, 5), [1, -1]);
  assert.equal(s[5], Math.fround(1e-40), 'a subnormal maps to itself');
  tf.dispose([x, y, special]);
});

test('its gradient is 1 − tanh² and the 5-value tail after the 4-wide blocks is computed too', () => {
  const x = tf.tensor1d([-2, -0.5, -0.1, 0, 0.1, 0.3, 0.7, 1.5, 3]);
  const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.tanh(t)))(x).dataSync();
  [-2, -0.5, -0.1, 0, 0.1, 0.3, 0.7, 1.5, 3].forEach((v, i) => {
    const expected = 1 - Math.tanh(v) ** 2;
    assert.ok(Math.abs(dx[i]! - expected) <= 1e-6, `x = ${v}: ${dx[i]} against ${expected}`);
  });
  x.dispose();
});
