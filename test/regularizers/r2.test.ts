import assert from 'node:assert/strict';
import { test } from 'node:test';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { r2Regularizer } from '../../src/regularizers/r2.js';
import { B, disposeInputs, expectedHalfSquaredNorm, FAKE, regularizerInputs, W } from './regularizer_test_inputs.js';
import { tanhUnit, tanhUnitGradientNorm } from './tiny_discriminators.js';

await tf.setBackend('cpu');

test('r2Regularizer: ½ · mean ‖∇D(x)‖² on the generated batch, as computed by hand', () => {
  const model = tanhUnit(W, B);
  const inputs = regularizerInputs(model);
  const before = tf.memory().numTensors;
  const penalty = r2Regularizer().penalty(inputs);
  assert.deepEqual(penalty.shape, []);
  const expected = expectedHalfSquaredNorm(FAKE, (x) => tanhUnitGradientNorm(W, B, x));
  assert.ok(Math.abs(penalty.dataSync()[0]! - expected) <= 1e-6, `${penalty.dataSync()[0]} vs ${expected}`);
  penalty.dispose();
  assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
  disposeInputs(inputs);
  model.dispose();
});

test('r2Regularizer: weight is γ (default 10), every passes through, bad options are rejected', () => {
  const defaults = r2Regularizer();
  assert.equal(defaults.name, 'r2');
  assert.equal(defaults.weight, 10);
  assert.equal(defaults.every, 1);
  const lazy = r2Regularizer({ weight: 0.2, every: 16 });
  assert.equal(lazy.weight, 0.2);
  assert.equal(lazy.every, 16);
  assert.throws(() => r2Regularizer({ weight: Number.POSITIVE_INFINITY }), /r2Regularizer: options\.weight .* got Infinity/);
  assert.throws(() => r2Regularizer({ every: -2 }), /r2Regularizer: options\.every .* got -2/);
});
